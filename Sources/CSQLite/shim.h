#ifndef SHALLOT_CSQLITE_SHIM_H
#define SHALLOT_CSQLITE_SHIM_H

#include <sqlite3.h>

/* SQLITE_TRANSIENT is a macro casting -1 to a destructor pointer, which Swift cannot import:
   binding text and blobs through these wrappers makes SQLite copy the bytes before returning. */
static inline int shallot_sqlite3_bind_text(sqlite3_stmt *stmt, int index, const char *text, int length) {
    return sqlite3_bind_text(stmt, index, text, length, SQLITE_TRANSIENT);
}

static inline int shallot_sqlite3_bind_blob(sqlite3_stmt *stmt, int index, const void *bytes, int length) {
    return sqlite3_bind_blob(stmt, index, bytes, length, SQLITE_TRANSIENT);
}

/* sqlite3_config is variadic, which Swift cannot call. Memory-use statistics (sqlite3_memory_used,
   the soft heap limit) off: each allocation then skips a global mutex, as SQLite's recommended
   build options (SQLITE_DEFAULT_MEMSTATUS=0) have it. Only takes effect before SQLite initialises;
   returns SQLITE_MISUSE (and changes nothing) after. */
static inline int shallot_sqlite3_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

#endif
