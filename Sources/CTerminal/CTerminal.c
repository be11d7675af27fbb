#include "CTerminal.h"

#include <editline/readline.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static volatile sig_atomic_t kql_sigint_count_ = 0;
static volatile int kql_sigint_pipe_ = -1;
/* The thread that reads lines; a SIGINT the kernel hands to any other thread is passed on to it,
 * so that its blocked read is the one interrupted. */
static pthread_t kql_sigint_thread_;
static volatile sig_atomic_t kql_sigint_thread_set_ = 0;

static void kql_sigint_handler_(int signo) {
  int saved = errno;
  if (kql_sigint_thread_set_ && !pthread_equal(pthread_self(), kql_sigint_thread_)) {
    (void)pthread_kill(kql_sigint_thread_, signo);
    errno = saved;
    return;
  }
  kql_sigint_count_ = kql_sigint_count_ + 1;
  int fd = kql_sigint_pipe_;
  if (fd >= 0) {
    (void)write(fd, "i", 1);
  }
  errno = saved;
}

void kql_sigint_route_to_this_thread(void) {
  kql_sigint_thread_ = pthread_self();
  kql_sigint_thread_set_ = 1;
}

int kql_sigint_install(int pipe_write_fd) {
  kql_sigint_pipe_ = pipe_write_fd;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = kql_sigint_handler_;
  sigemptyset(&action.sa_mask);
  return sigaction(SIGINT, &action, NULL);
}

int kql_sigint_restore_default(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  int result = sigaction(SIGINT, &action, NULL);
  kql_sigint_pipe_ = -1;
  return result;
}

long kql_sigint_count(void) { return (long)kql_sigint_count_; }

int kql_terminal_columns(int fd) {
  struct winsize size;
  if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
  return (int)size.ws_col;
}

int kql_make_signal_pipe(int fds[2]) {
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

/* A getc for libedit that abandons the line on Ctrl-C.
 *
 * libedit retries a read interrupted by a signal, so on its own a Ctrl-C at the prompt would be
 * swallowed. This reader returns end-of-file when a SIGINT arrived while it waited, which makes
 * readline() return NULL; the shell sees the SIGINT counter move and shows a fresh prompt. Other
 * signals (a window resize) just resume the read. libedit takes the returned int as one wide
 * character, so UTF-8 is decoded here. */
static int kql_getc_(FILE *stream) {
  int fd = fileno(stream);
  sig_atomic_t before = kql_sigint_count_;
  unsigned char first = 0;
  for (;;) {
    ssize_t n = read(fd, &first, 1);
    if (n == 1) break;
    if (n < 0 && errno == EINTR && kql_sigint_count_ == before) continue;
    return EOF;
  }
  int extra = first < 0x80 ? 0
            : (first >> 5) == 0x6 ? 1
            : (first >> 4) == 0xE ? 2
            : (first >> 3) == 0x1E ? 3
            : -1;
  if (extra < 0) return 0xFFFD;
  unsigned int code = extra == 0 ? first
                    : extra == 1 ? (first & 0x1Fu)
                    : extra == 2 ? (first & 0x0Fu)
                    : (first & 0x07u);
  for (int i = 0; i < extra; i++) {
    unsigned char next = 0;
    ssize_t n;
    do {
      n = read(fd, &next, 1);
    } while (n < 0 && errno == EINTR && kql_sigint_count_ == before);
    if (n != 1) return EOF;
    if ((next & 0xC0) != 0x80) return 0xFFFD;
    code = (code << 6) | (next & 0x3Fu);
  }
  return (int)code;
}

void kql_install_getc(void) { rl_getc_function = kql_getc_; }
