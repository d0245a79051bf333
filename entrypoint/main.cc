#include <cstdio>

int main() {
  std::puts("podinit: skeleton");
  return 0;
}
