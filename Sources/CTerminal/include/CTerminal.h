#ifndef KQL_CTERMINAL_H
#define KQL_CTERMINAL_H

#include <stdio.h>

/* Terminal and signal helpers for the kql shell, in C because a signal handler must be.
 *
 * SIGINT: the handler only counts the signal and writes one byte to a pipe that the shell
 * watches (async-signal-safe work only). A SIGINT the kernel hands to another thread is passed
 * on to the thread that installed the handler, the main thread, which reads lines; its blocked
 * read is the one that must be interrupted. The state lives in one C file, so every Swift file
 * sees the same counter. */

/* Installs the SIGINT handler without SA_RESTART. `pipe_write_fd` receives one byte per signal.
 * Returns 0 or -1. */
int kql_sigint_install(int pipe_write_fd);

/* Makes the calling thread (the one that reads lines) take every SIGINT: the handler passes a
 * signal delivered to any other thread on to it. */
void kql_sigint_route_to_this_thread(void);

/* Puts back the default disposition. Returns 0 or -1. */
int kql_sigint_restore_default(void);

/* How many SIGINTs arrived since the handler was installed. */
long kql_sigint_count(void);

/* A pipe with both ends close-on-exec and non-blocking, for the SIGINT bridge. Returns 0 or -1. */
int kql_make_signal_pipe(int fds[2]);

/* The terminal's width in columns for `fd`, or 0 when unknown. */
int kql_terminal_columns(int fd);

/* Makes libedit read keys through a reader that abandons the line on Ctrl-C (libedit's own
 * reader retries a read a signal interrupted). Call before rl_initialize(). */
void kql_install_getc(void);

#endif
