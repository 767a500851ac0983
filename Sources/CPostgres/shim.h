#ifndef CIVIC_CPOSTGRES_SHIM_H
#define CIVIC_CPOSTGRES_SHIM_H
// libpq, PostgreSQL's own C client (Debian's libpq-dev). Its header lives under
// /usr/include/postgresql, which pkg-config's libpq entry names.
#include <libpq-fe.h>
#endif
