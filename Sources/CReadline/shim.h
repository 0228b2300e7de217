// GNU readline for `shallot repl`, with small accessors for the library's global variables
// (Swift 6 strict concurrency refuses to touch mutable C globals directly) and a read loop on
// readline's callback interface, so that Ctrl-C abandons the line being typed and the REPL
// goes on. Only Console's ReadlineLines.swift includes this: the statics below are its own.
#ifndef SHALLOT_CREADLINE_SHIM_H
#define SHALLOT_CREADLINE_SHIM_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/select.h>
#include <readline/readline.h>
#include <readline/history.h>

static volatile sig_atomic_t shallot_rl_interrupted = 0;
static char *shallot_rl_line = NULL;
static int shallot_rl_done = 0;

static void shallot_rl_on_sigint(int signal) {
    (void)signal;
    shallot_rl_interrupted = 1;
}

static void shallot_rl_line_handler(char *line) {
    shallot_rl_line = line;
    shallot_rl_done = 1;
    rl_callback_handler_remove();
}

/// Installs the SIGINT handler (readline's own signal handling off) and the completion
/// function.
static inline void shallot_rl_setup(const char *name, rl_completion_func_t *completer) {
    rl_readline_name = name;
    rl_attempted_completion_function = completer;
    rl_catch_signals = 0;
    struct sigaction action;
    action.sa_handler = shallot_rl_on_sigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: select() returns EINTR on Ctrl-C
    sigaction(SIGINT, &action, NULL);
    // A parent may have started us with SIGINT blocked (the mask is inherited): unblock it.
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    sigprocmask(SIG_UNBLOCK, &interrupt, NULL);
}

/// Reads one line with `prompt`. Returns 1 with `*line` set (malloc'd; NULL at end of input),
/// or 0 when Ctrl-C abandoned the line.
static inline int shallot_rl_read(const char *prompt, char **line) {
    shallot_rl_done = 0;
    shallot_rl_line = NULL;
    shallot_rl_interrupted = 0;
    rl_callback_handler_install(prompt, shallot_rl_line_handler);
    int fd = fileno(rl_instream ? rl_instream : stdin);
    while (!shallot_rl_done) {
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(fd, &fds);
        int ready = select(fd + 1, &fds, NULL, NULL, NULL);
        if (ready < 0 && errno == EINTR && shallot_rl_interrupted) {
            shallot_rl_interrupted = 0;
            rl_free_line_state();
            rl_callback_sigcleanup();
            rl_replace_line("", 0);
            rl_crlf();
            rl_callback_handler_remove();
            return 0;
        }
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) {
            rl_callback_handler_remove();
            *line = NULL;
            return 1;
        }
        rl_callback_read_char();
    }
    *line = shallot_rl_line;
    return 1;
}

/// Inside a completion function: whether readline should stop after ours (no file names).
static inline void shallot_rl_set_attempted_completion_over(int over) { rl_attempted_completion_over = over; }

/// The character appended after a single completion (a space, or none for paths).
static inline void shallot_rl_set_completion_append_character(int c) { rl_completion_append_character = c; }

/// The whole line being edited, for completion that depends on what came before.
static inline const char *shallot_rl_line_buffer(void) { return rl_line_buffer; }

/// Only whitespace separates words for completion, so paths and header names complete whole.
static inline void shallot_rl_break_words_on_whitespace(void) {
    rl_completer_word_break_characters = " \t\n";
}

#endif
