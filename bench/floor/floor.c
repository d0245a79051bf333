/* The start-up floor for bench/run.sh row 1: the least a program must do for podinit's
 * start-up job, with the TLS library podinit's static build links (wolfSSL). It reads the
 * service account's token and CA, makes the one GET of its pod over HTTPS (CA and IP/host
 * checks on, as podinit's), writes the body to a file and execs the command. No template,
 * no JSON, no retries, no proxy, no DNS (KUBERNETES_SERVICE_HOST must be an address).
 *
 *   podinit-floor SA_DIR OUT -- COMMAND...
 * with KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT and POD_NAME set. */
#define _GNU_SOURCE  /* memmem */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

static char buf[1 << 20];  /* the whole answer: an 8 kB pod fits many times */

static void die(const char *what) {
  fprintf(stderr, "podinit-floor: %s\n", what);
  exit(1);
}

static size_t slurp(const char *dir, const char *name, char *out, size_t cap) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) die(path);
  size_t n = 0;
  ssize_t r;
  while (n < cap && (r = read(fd, out + n, cap - n)) > 0) n += (size_t)r;
  close(fd);
  while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' ')) n--;
  out[n] = '\0';
  return n;
}

int main(int argc, char **argv) {
  if (argc < 5 || strcmp(argv[3], "--") != 0) die("usage: podinit-floor SA_DIR OUT -- COMMAND...");
  const char *host = getenv("KUBERNETES_SERVICE_HOST"), *port = getenv("KUBERNETES_SERVICE_PORT");
  const char *pod = getenv("POD_NAME");
  if (!host || !port || !pod) die("KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT and POD_NAME");
  static char token[8192], ca[65536], ns[256];
  slurp(argv[1], "token", token, sizeof token - 1);
  size_t ca_len = slurp(argv[1], "ca.crt", ca, sizeof ca - 1);
  slurp(argv[1], "namespace", ns, sizeof ns - 1);

  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(port))};
  if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) die("KUBERNETES_SERVICE_HOST is not an IPv4 address");
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) die("connect");

  wolfSSL_Init();
  WOLFSSL_CTX *ctx = wolfSSL_CTX_new(wolfSSLv23_client_method());
  if (!ctx || wolfSSL_CTX_SetMinVersion(ctx, WOLFSSL_TLSV1_2) != WOLFSSL_SUCCESS) die("TLS context");
  if (wolfSSL_CTX_load_verify_buffer(ctx, (const unsigned char *)ca, (long)ca_len,
                                     WOLFSSL_FILETYPE_PEM) != WOLFSSL_SUCCESS) die("CA");
  wolfSSL_CTX_set_verify(ctx, WOLFSSL_VERIFY_PEER, NULL);
  WOLFSSL *ssl = wolfSSL_new(ctx);
  if (!ssl || wolfSSL_set_fd(ssl, fd) != WOLFSSL_SUCCESS) die("TLS session");
  wolfSSL_check_domain_name(ssl, host);  /* the certificate must name the address */
  if (wolfSSL_connect(ssl) != WOLFSSL_SUCCESS) die("TLS handshake");

  /* HTTP/1.0: the answer ends with the connection, never chunked. */
  int n = snprintf(buf, sizeof buf,
                   "GET /api/v1/namespaces/%s/pods/%s HTTP/1.0\r\nHost: %s:%s\r\n"
                   "Authorization: Bearer %s\r\nAccept: application/json\r\n\r\n",
                   ns, pod, host, port, token);
  if (wolfSSL_write(ssl, buf, n) != n) die("write");
  size_t got = 0;
  int r;
  while (got < sizeof buf && (r = wolfSSL_read(ssl, buf + got, (int)(sizeof buf - got))) > 0) got += (size_t)r;
  if (got < 12 || memcmp(buf + 9, "200", 3) != 0) die("the API server did not answer 200");
  char *body = memmem(buf, got, "\r\n\r\n", 4);
  if (!body) die("no body");
  body += 4;

  int out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0 || write(out, body, (size_t)(buf + got - body)) != buf + got - body || close(out) != 0) die("writing OUT");
  execv(argv[4], argv + 4);
  die("exec");
}
