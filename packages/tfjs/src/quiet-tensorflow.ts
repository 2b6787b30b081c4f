/**
 * TensorFlow's start-up lines (absl's notice, oneDNN, CPU features) are
 * noise in an application's log: hidden unless the user chose a level with
 * TF_CPP_MIN_LOG_LEVEL. Warnings and errors still show. Imported first,
 * before the framework loads libtensorflow.
 */
import { filterStderr } from '@trims/native-cuda';

/** What libtensorflow prints at INFO while it loads, before it reads TF_CPP_MIN_LOG_LEVEL. */
const START_UP_NOISE = [
  /^WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR\n$/,
  /^I\d{4} [\d:.]+ +\d+ port\.cc:\d+\] oneDNN custom operations are on/,
];

if (process.env.TF_CPP_MIN_LOG_LEVEL === undefined) {
  process.env.TF_CPP_MIN_LOG_LEVEL = '1';
  const dlopen = process.dlopen.bind(process);
  // The framework's binding is a .node file: Node loads it through process.dlopen.
  process.dlopen = ((...args: Parameters<typeof process.dlopen>) => {
    if (!/tfjs_binding\.node$/.test(args[1])) return dlopen(...args);
    return filterStderr(
      () => dlopen(...args),
      (line) => !START_UP_NOISE.some((noise) => noise.test(line)),
    );
  }) as typeof process.dlopen;
}
