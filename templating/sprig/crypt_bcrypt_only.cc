// The static podinit's libxcrypt, bcrypt only. crypt_rn and crypt_gensalt_rn (crypt.o) dispatch
// through a table naming every hash libxcrypt has, so the static link took them all (DES and
// its 69 kB of tables, SHA-crypt, yescrypt, GOST, ...): 0.19 MB for the one bcrypt that
// bcrypt/htpasswd call (bench/README.md, "Size"). Defining the other table entries here keeps
// their archive members out; each fails as libxcrypt fails an unknown hash (errno EINVAL, the
// caller's failure token "*0" left in place, so crypt_rn/crypt_gensalt_rn return null). The
// static build alone compiles this file. If a libxcrypt release renames these internal
// symbols, its members are linked again (bigger, not wrong); if one of them is pulled in for
// another reason, the link fails with a duplicate definition rather than misbehaving.
#include <cerrno>
#include <cstddef>
#include <cstdint>

// The signatures of crypt.c's crypt_fn and gensalt_fn.
#define PODINIT_NO_HASH(name)                                                                   \
  extern "C" void _crypt_crypt_##name##_rn(const char*, size_t, const char*, size_t, uint8_t*, \
                                           size_t, void*, size_t) {                             \
    errno = EINVAL;                                                                             \
  }                                                                                             \
  extern "C" void _crypt_gensalt_##name##_rn(unsigned long, const uint8_t*, size_t, uint8_t*,  \
                                             size_t) {                                          \
    errno = EINVAL;                                                                             \
  }

PODINIT_NO_HASH(bigcrypt)
PODINIT_NO_HASH(bsdicrypt)
PODINIT_NO_HASH(descrypt)
PODINIT_NO_HASH(gost_yescrypt)
PODINIT_NO_HASH(md5crypt)
PODINIT_NO_HASH(nt)
PODINIT_NO_HASH(scrypt)
PODINIT_NO_HASH(sha1crypt)
PODINIT_NO_HASH(sha256crypt)
PODINIT_NO_HASH(sha512crypt)
PODINIT_NO_HASH(sunmd5)
PODINIT_NO_HASH(yescrypt)
