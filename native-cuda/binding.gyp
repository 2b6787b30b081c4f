{
  'targets': [{
    'target_name': 'trims_native',
    'sources': [
      'csrc/addon.cc',
      'csrc/errors.cc',
      'csrc/shared_memory.cc',
      'csrc/unix_socket.cc',
      'csrc/fd_watcher.cc',
      'csrc/cuda_runtime.cc',
      'csrc/limits.cc'
    ],
    'include_dirs': ["<!(node -p \"require('node-addon-api').include_dir\")"],
    'defines': ['NAPI_VERSION=8', 'NODE_ADDON_API_DISABLE_DEPRECATED', 'NAPI_CPP_EXCEPTIONS'],
    'cflags!': ['-fno-exceptions'],
    'cflags_cc!': ['-fno-exceptions'],
    'cflags_cc': ['-std=c++17', '-Wall', '-Wextra'],
    'libraries': ['-ldl']
  }]
}
