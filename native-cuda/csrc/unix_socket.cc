// Unix SOCK_SEQPACKET sockets with file descriptors attached to messages.
//
// libuv never reads these sockets: a read without room for control data
// would close the fds in flight. Every socket is non-blocking and
// close-on-exec; the JS side drives them from an FdWatcher.
#include "unix_socket.h"

#include <fcntl.h>
#include <poll.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "errors.h"

namespace trims {

namespace {

constexpr int kMaxFdsPerMessage = 253;  // SCM_MAX_FD: a model.json and its shards ride on one Open

sockaddr_un AddressOf(Napi::Env env, const std::string &path) {
  sockaddr_un address;
  std::memset(&address, 0, sizeof(address));
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof(address.sun_path)) {
    throw SystemError(env, ENAMETOOLONG, "bind/connect", path);
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  return address;
}

int NewSocket(Napi::Env env) {
  int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) throw SystemError(env, errno, "socket");
  return fd;
}

void CloseAll(const std::vector<int> &fds) {
  for (int fd : fds) close(fd);
}

// socketPair() -> [fd, fd]
Napi::Value SocketPair(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, fds) != 0) {
    throw SystemError(env, errno, "socketpair");
  }
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, fds[0]);
  out.Set(1u, fds[1]);
  return out;
}

// listen(path, backlog, mode) -> fd. The mode is applied before listen(),
// so no one connects while the socket is still open to others.
Napi::Value Listen(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  std::string path = info[0].As<Napi::String>().Utf8Value();
  int backlog = info[1].As<Napi::Number>().Int32Value();
  mode_t mode = static_cast<mode_t>(info[2].As<Napi::Number>().Uint32Value());
  sockaddr_un address = AddressOf(env, path);
  int fd = NewSocket(env);
  const char *step = nullptr;
  if (bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
    step = "bind";
  } else if (chmod(path.c_str(), mode) != 0) {
    step = "chmod";
  } else if (listen(fd, backlog) != 0) {
    step = "listen";
  }
  if (step != nullptr) throw SystemErrorClosing(env, fd, step, path);
  return Napi::Number::New(env, fd);
}

// accept(fd) -> fd, or -1 when no connection is waiting.
Napi::Value Accept(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  int fd = accept4(info[0].As<Napi::Number>().Int32Value(), nullptr, nullptr,
                   SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (fd < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ECONNABORTED || errno == EINTR) {
      return Napi::Number::New(env, -1);
    }
    throw SystemError(env, errno, "accept");
  }
  return Napi::Number::New(env, fd);
}

// connect(path) -> fd. A Unix connect completes at once or fails at once
// (EAGAIN: the listener's backlog is full).
Napi::Value Connect(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  std::string path = info[0].As<Napi::String>().Utf8Value();
  sockaddr_un address = AddressOf(env, path);
  int fd = NewSocket(env);
  if (connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
    throw SystemErrorClosing(env, fd, "connect", path);
  }
  return Napi::Number::New(env, fd);
}

// sendMessage(fd, bytes, fds) -> true when sent, false when the socket is
// full (try again when writable). One call is one message, fds included.
Napi::Value SendMessage(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  int fd = info[0].As<Napi::Number>().Int32Value();
  Napi::Uint8Array bytes = info[1].As<Napi::Uint8Array>();
  Napi::Array fd_array = info[2].As<Napi::Array>();
  if (bytes.ByteLength() == 0) {
    throw PlainError(env, "ERR_INVALID_ARG_VALUE", "a message must not be empty");
  }
  if (fd_array.Length() > static_cast<uint32_t>(kMaxFdsPerMessage)) {
    throw PlainError(env, "ERR_OUT_OF_RANGE", "too many fds for one message");
  }
  std::vector<int> fds;
  for (uint32_t i = 0; i < fd_array.Length(); i++) {
    fds.push_back(fd_array.Get(i).As<Napi::Number>().Int32Value());
  }
  iovec iov{bytes.Data(), bytes.ByteLength()};
  msghdr message;
  std::memset(&message, 0, sizeof(message));
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  std::vector<char> control(CMSG_SPACE(sizeof(int) * fds.size()));
  if (!fds.empty()) {
    message.msg_control = control.data();
    message.msg_controllen = control.size();
    cmsghdr *header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
    std::memcpy(CMSG_DATA(header), fds.data(), sizeof(int) * fds.size());
  }
  for (;;) {
    ssize_t sent = sendmsg(fd, &message, MSG_NOSIGNAL);
    if (sent >= 0) return Napi::Boolean::New(env, true);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return Napi::Boolean::New(env, false);
    throw SystemError(env, errno, "sendmsg");
  }
}

// receiveMessage(fd, maxBytes) -> {data, fds} | {eof: true, hungUp} | null (nothing yet).
// A message over maxBytes, or with control data cut short, is an error and
// its fds are closed, never leaked.
Napi::Value ReceiveMessage(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  int fd = info[0].As<Napi::Number>().Int32Value();
  size_t max_bytes = static_cast<size_t>(info[1].As<Napi::Number>().DoubleValue());

  // Learn the message's size without taking it (or its fds).
  char probe;
  iovec probe_iov{&probe, 1};
  msghdr peek;
  std::memset(&peek, 0, sizeof(peek));
  peek.msg_iov = &probe_iov;
  peek.msg_iovlen = 1;
  ssize_t size;
  bool reset_seen = false;
  for (;;) {
    size = recvmsg(fd, &peek, MSG_PEEK | MSG_TRUNC);
    if (size >= 0) break;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return env.Null();
    if (errno != ECONNRESET) throw SystemError(env, errno, "recvmsg");
    // A peer that closed with messages of ours unread resets the connection,
    // and the kernel reports that (once) before the messages the peer sent
    // first, which are still queued (a refusal saying why, say). Asked
    // again, it gives those, then end of file.
    if (reset_seen) {
      size = 0;
      break;
    }
    reset_seen = true;
  }
  if (size == 0) {
    Napi::Object eof = Napi::Object::New(env);
    eof.Set("eof", true);
    // End of file is also what a peer that only shut down its sending side
    // (shutdown(SHUT_WR)) gives; it still reads. Only a peer that closed
    // leaves this end hung up (both directions shut): POLLHUP tells them apart.
    pollfd state{fd, 0, 0};
    bool hung_up = reset_seen || (poll(&state, 1, 0) == 1 && (state.revents & POLLHUP) != 0);
    eof.Set("hungUp", hung_up);
    return eof;
  }
  bool too_big = static_cast<size_t>(size) > max_bytes;
  std::vector<uint8_t> data(too_big ? 1 : static_cast<size_t>(size));
  iovec iov{data.data(), data.size()};
  std::vector<char> control(CMSG_SPACE(sizeof(int) * kMaxFdsPerMessage));
  msghdr message;
  std::memset(&message, 0, sizeof(message));
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  message.msg_control = control.data();
  message.msg_controllen = control.size();
  ssize_t got;
  do {
    got = recvmsg(fd, &message, MSG_CMSG_CLOEXEC);
  } while (got < 0 && errno == EINTR);
  if (got < 0) throw SystemError(env, errno, "recvmsg");

  std::vector<int> fds;
  for (cmsghdr *header = CMSG_FIRSTHDR(&message); header != nullptr;
       header = CMSG_NXTHDR(&message, header)) {
    if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_RIGHTS) {
      size_t count = (header->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      const int *passed = reinterpret_cast<const int *>(CMSG_DATA(header));
      fds.insert(fds.end(), passed, passed + count);
    }
  }
  if (too_big || (message.msg_flags & MSG_TRUNC) != 0) {
    CloseAll(fds);
    throw SystemError(env, EMSGSIZE, "recvmsg",
                      "message of " + std::to_string(size) + " bytes exceeds the limit of " +
                          std::to_string(max_bytes));
  }
  if ((message.msg_flags & MSG_CTRUNC) != 0) {
    // Truncated because the peer sent more fds than a message carries, or
    // because this process could not take them (its fd table is full): the
    // second is this process's shortage, not the peer's fault, and passes.
    int probe = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    int probe_error = errno;
    if (probe >= 0) close(probe);
    CloseAll(fds);
    if (probe < 0 && (probe_error == EMFILE || probe_error == ENFILE))
      throw SystemError(env, probe_error, "recvmsg",
                        "this process is out of file descriptors: the fds sent were lost");
    throw SystemError(env, EOVERFLOW, "recvmsg",
                      "control data truncated: more fds than one message carries (" +
                          std::to_string(kMaxFdsPerMessage) + "); they were lost");
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("data", Napi::Buffer<uint8_t>::Copy(env, data.data(), static_cast<size_t>(got)));
  Napi::Array fd_array = Napi::Array::New(env, fds.size());
  for (size_t i = 0; i < fds.size(); i++) fd_array.Set(static_cast<uint32_t>(i), fds[i]);
  out.Set("fds", fd_array);
  return out;
}

// peerCredentials(fd) -> {pid, uid, gid}, as the kernel recorded them at connect.
Napi::Value PeerCredentials(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  ucred credentials;
  socklen_t length = sizeof(credentials);
  if (getsockopt(info[0].As<Napi::Number>().Int32Value(), SOL_SOCKET, SO_PEERCRED,
                 &credentials, &length) != 0) {
    throw SystemError(env, errno, "getsockopt(SO_PEERCRED)");
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("pid", credentials.pid);
  out.Set("uid", credentials.uid);
  out.Set("gid", credentials.gid);
  return out;
}

// unreadBytes(fd) -> bytes this end sent that the peer has not read yet. For
// AF_UNIX, SIOCOUTQ counts the sender's buffers still queued at the peer (a
// message is freed when the peer reads it): 0 means every message, and every
// fd or memfd it carried, has been taken.
Napi::Value UnreadBytes(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  int fd = FdArg(info, 0);
  int queued = 0;
  if (ioctl(fd, SIOCOUTQ, &queued) != 0) throw SystemError(env, errno, "ioctl(SIOCOUTQ)");
  return Napi::Number::New(env, queued);
}

}  // namespace

void InitUnixSocket(Napi::Env env, Napi::Object exports) {
  exports.Set("socketPair", Napi::Function::New(env, SocketPair));
  exports.Set("listen", Napi::Function::New(env, Listen));
  exports.Set("accept", Napi::Function::New(env, Accept));
  exports.Set("connect", Napi::Function::New(env, Connect));
  exports.Set("sendMessage", Napi::Function::New(env, SendMessage));
  exports.Set("receiveMessage", Napi::Function::New(env, ReceiveMessage));
  exports.Set("peerCredentials", Napi::Function::New(env, PeerCredentials));
  exports.Set("unreadBytes", Napi::Function::New(env, UnreadBytes));
  exports.Set("maxFdsPerMessage", Napi::Number::New(env, kMaxFdsPerMessage));
}

}  // namespace trims
