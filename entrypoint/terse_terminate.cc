// The static podinit's std::terminate handler. libstdc++'s default one demangles the type of
// the exception it prints, and its demangler was 48 kB of the 4 MB binary (bench/README.md,
// "Size"). Defining the handler here keeps the archive's from being linked; the static build
// alone compiles this file (the shared one keeps libstdc++'s). An uncaught exception is a bug
// (errors are values; Boost's exceptions stop at the module boundary): the message says that
// much and the abort leaves the core dump to tell the rest.
#include <unistd.h>

#include <cstdlib>
#include <exception>

namespace __gnu_cxx {

void __verbose_terminate_handler() {
  static const char kMessage[] = "podinit: terminate called (an uncaught exception)\n";
  ssize_t ignored = write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  (void)ignored;
  std::abort();
}

}  // namespace __gnu_cxx
