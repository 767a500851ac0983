#ifndef CIVIC_CREADLINE_SHIM_H
#define CIVIC_CREADLINE_SHIM_H
// readline's headers need FILE from stdio.h first.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/select.h>
#include <errno.h>
#include <readline/readline.h>
#include <readline/history.h>

// Swift 6 strict concurrency rejects readline's mutable globals: reach them through functions.
static inline void civic_rl_set_readline_name(const char *name) { rl_readline_name = name; }
static inline void civic_rl_set_completion_function(rl_completion_func_t *f) { rl_attempted_completion_function = f; }
static inline void civic_rl_set_attempted_completion_over(int v) { rl_attempted_completion_over = v; }
static inline const char *civic_rl_line_buffer(void) { return rl_line_buffer; }
static inline int civic_rl_point(void) { return rl_point; }
static inline void civic_rl_set_catch_signals(int v) { rl_catch_signals = v; rl_catch_sigwinch = 1; }
static inline void civic_rl_set_quote_characters(const char *q) { rl_completer_quote_characters = q; }
static inline void civic_rl_set_word_break_characters(const char *w) { rl_completer_word_break_characters = (char *)w; }
static inline void civic_rl_set_completion_append_character(int c) { rl_completion_append_character = c; }
static inline void civic_rl_set_instream(FILE *f) { rl_instream = f; }
static inline void civic_rl_set_outstream(FILE *f) { rl_outstream = f; }

// Ctrl-C: a handler that only sets a flag; the line reader and the query watcher act on it.
// (Install and read it from one Swift file: a static in a header is one variable per object file.)
static volatile sig_atomic_t civic_sigint_flag = 0;
static void civic_sigint_handler(int sig) { (void)sig; civic_sigint_flag = 1; }
static inline void civic_install_sigint(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = civic_sigint_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a read or select waiting for input returns with EINTR
    sigaction(SIGINT, &sa, NULL);
}
static inline int civic_take_sigint(void) { int f = civic_sigint_flag; civic_sigint_flag = 0; return f; }

// Waits until standard input has a byte to read; 0 when interrupted by a signal, -1 on error.
static inline int civic_wait_for_input(int fd) {
    fd_set set;
    FD_ZERO(&set);
    FD_SET(fd, &set);
    int r = select(fd + 1, &set, NULL, NULL, NULL);
    if (r < 0 && errno == EINTR) return 0;
    return r;
}
#endif
