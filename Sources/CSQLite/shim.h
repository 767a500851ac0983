#ifndef CIVIC_CSQLITE_SHIM_H
#define CIVIC_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro Swift cannot import: give it a name.
static inline sqlite3_destructor_type civic_sqlite_transient(void) { return SQLITE_TRANSIENT; }

#endif
