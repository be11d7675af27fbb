#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

/* SIGINT bridge for the kql shell.
 *
 * The handler does only async-signal-safe work: it bumps a counter and writes one byte to a pipe
 * whose read end the shell watches. libedit's readline chains to this handler while it reads a
 * line, so readline returns NULL with errno EINTR and the shell sees the counter move.
 * Only the KQLShell module may call these functions: each module that imports this header gets
 * its own copy of the static state. */

static volatile sig_atomic_t kql_sigint_count_ = 0;
static volatile int kql_sigint_pipe_ = -1;

static inline void kql_sigint_handler_(int signo) {
  (void)signo;
  int saved = errno;
  kql_sigint_count_ = kql_sigint_count_ + 1;
  int fd = kql_sigint_pipe_;
  if (fd >= 0) {
    (void)write(fd, "i", 1);
  }
  errno = saved;
}

/* Installs the handler without SA_RESTART, so a blocked read returns EINTR. Returns 0 or -1. */
static inline int kql_sigint_install(int pipe_write_fd) {
  kql_sigint_pipe_ = pipe_write_fd;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = kql_sigint_handler_;
  sigemptyset(&action.sa_mask);
  return sigaction(SIGINT, &action, NULL);
}

/* Puts back the default disposition. Returns 0 or -1. */
static inline int kql_sigint_restore_default(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  int result = sigaction(SIGINT, &action, NULL);
  kql_sigint_pipe_ = -1;
  return result;
}

/* How many SIGINTs arrived since the handler was installed. */
static inline long kql_sigint_count(void) { return (long)kql_sigint_count_; }

/* The terminal's width in columns for `fd`, or 0 when unknown. */
static inline int kql_terminal_columns(int fd) {
  struct winsize size;
  if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
  return (int)size.ws_col;
}

#include <fcntl.h>

/* A pipe with both ends close-on-exec and non-blocking, for the SIGINT bridge. Returns 0 or -1. */
static inline int kql_make_signal_pipe(int fds[2]) {
  if (pipe(fds) != 0) return -1;
  for (int i = 0; i < 2; i++) {
    int flags = fcntl(fds[i], F_GETFL);
    if (flags < 0 || fcntl(fds[i], F_SETFL, flags | O_NONBLOCK) != 0
        || fcntl(fds[i], F_SETFD, FD_CLOEXEC) != 0) {
      close(fds[0]);
      close(fds[1]);
      return -1;
    }
  }
  return 0;
}
