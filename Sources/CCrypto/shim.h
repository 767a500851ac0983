#ifndef CIVIC_CCRYPTO_SHIM_H
#define CIVIC_CCRYPTO_SHIM_H
// OpenSSL's libcrypto, for SHA-256 of loaded files only: it uses the CPU's SHA instructions
// where there are some, several times faster than a portable implementation.
#include <openssl/evp.h>
#endif
