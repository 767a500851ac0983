#ifndef CIVIC_CREADLINE_SHIM_H
#define CIVIC_CREADLINE_SHIM_H
// readline's headers need FILE from stdio.h first.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

// Swift 6 strict concurrency rejects readline's mutable globals: reach them through functions.
static inline void civic_rl_set_readline_name(const char *name) { rl_readline_name = name; }
static inline void civic_rl_set_completion_function(rl_completion_func_t *f) { rl_attempted_completion_function = f; }
static inline void civic_rl_set_attempted_completion_over(int v) { rl_attempted_completion_over = v; }
static inline const char *civic_rl_line_buffer(void) { return rl_line_buffer; }
static inline int civic_rl_point(void) { return rl_point; }
static inline void civic_rl_set_catch_signals(int v) { rl_catch_signals = v; }
#endif
