// `import '@trims/tfjs/register'`: installs the hooks of register() (see register.js).
export {};
