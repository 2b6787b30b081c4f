// Errors thrown to JS carry the errno name as `code` and the call as
// `syscall`, like Node's own system errors, so the TS face can type them.
#pragma once
#include <napi.h>

#include <string>

namespace trims {

Napi::Error SystemError(Napi::Env env, int errnum, const std::string &syscall,
                        const std::string &detail = "");
// Closes `fd` (a half-made resource) and returns the error of the call
// that failed, with errno as it was before the close.
Napi::Error SystemErrorClosing(Napi::Env env, int fd, const std::string &syscall,
                               const std::string &detail = "");
Napi::Error PlainError(Napi::Env env, const std::string &code,
                       const std::string &message);
// info[i] as a file descriptor; ERR_INVALID_ARG_TYPE when it is not a number.
int FdArg(const Napi::CallbackInfo &info, size_t i);

}  // namespace trims
