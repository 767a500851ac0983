#ifndef CIVIC_CSQLITE_SHIM_H
#define CIVIC_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro Swift cannot import: give it a name.
static inline sqlite3_destructor_type civic_sqlite_transient(void) { return SQLITE_TRANSIENT; }

// sqlite3_config is variadic, which Swift cannot call. Memory statistics cost a global mutex on
// every allocation SQLite makes, and civic reads none of them: turn them off before the first
// connection opens.
static inline int civic_sqlite_disable_memstatus(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

#endif
