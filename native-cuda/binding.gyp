{
  'targets': [
    {
      'target_name': 'trims_native',
      'sources': [
        'csrc/addon.cc',
        'csrc/errors.cc',
        'csrc/shared_memory.cc',
        'csrc/unix_socket.cc',
        'csrc/fd_watcher.cc',
        'csrc/cuda_driver.cc',
        'csrc/device_memory.cc',
        'csrc/device_range.cc',
        'csrc/cuda_api.cc',
        'csrc/limits.cc',
        'csrc/files.cc',
        'csrc/file_end_watch.cc'
      ],
      'include_dirs': ["<!(node -p \"require('node-addon-api').include_dir\")"],
      # NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS: a worker thread terminated while
      # the addon loads (the daemon's thread pool at shutdown) makes napi calls
      # fail; the error cannot reach JS there, and rethrowing it aborted the
      # whole process (SIGABRT). Once the environment is going away, it is dropped.
      'defines': ['NAPI_VERSION=8', 'NODE_ADDON_API_DISABLE_DEPRECATED', 'NAPI_CPP_EXCEPTIONS',
                  'NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS'],
      'cflags!': ['-fno-exceptions'],
      'cflags_cc!': ['-fno-exceptions'],
      'cflags_cc': ['-std=c++17', '-Wall', '-Wextra'],
      'libraries': ['-ldl']
    },
    {
      # The CUDA driver stand-in (TRIMS_CUDA_DRIVER=standin): plain C, no CUDA
      # needed; make puts it in build/Release beside the addon, where it is looked for.
      'target_name': 'trims_cuda_standin',
      'type': 'shared_library',
      'product_prefix': '',
      'product_extension': 'so',
      'sources': ['csrc/standin/state.c', 'csrc/standin/device.c', 'csrc/standin/memory.c', 'csrc/standin/copies.c'],
      'cflags': ['-std=gnu11', '-Wall', '-Wextra', '-fvisibility=hidden'],
      'libraries': ['-lpthread']
    }
  ]
}
