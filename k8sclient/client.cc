#include "k8sclient/client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "gocompat/string_view.h"
#include "k8sclient/api_error.h"
#include "k8sclient/label_selector.h"
#include "k8sclient/token_source.h"

namespace k8sclient {
namespace {

// A token sent to a plain http:// server that is not this machine crosses the network in the
// clear (kubectl proxy on loopback is the expected plain-HTTP case).
bool SendsTokenInTheClear(std::string_view server) {
  if (server.rfind("http://", 0) != 0) return false;
  std::string_view rest = server.substr(7);
  rest = rest.substr(0, rest.find('/'));
  std::string_view host = rest;
  if (!host.empty() && host.front() == '[') {
    host = host.substr(1, host.find(']') - 1);
  } else if (size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  return !(host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0);
}

// A watch that the server ends sooner than this with no event is a failure (client-go's
// reflector: "very short watch"), not the end of a quiet watch.
constexpr absl::Duration kShortWatch = absl::Seconds(1);

// Debian's Abseil has its own string_view.
using gocompat::AV;

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string WithQuery(std::string_view path, std::string_view param) {
  std::string out(path);
  out += (out.find('?') == std::string::npos) ? '?' : '&';
  out += param;
  return out;
}

// What one perform() ended with.
struct Outcome {
  CURLcode code = CURLE_OK;
  long http = 0;
  int os_errno = 0;
  std::string error;  // curl's error buffer
  std::string body;
  std::optional<int64_t> retry_after;
  int64_t limit = 0;        // on the body (0: none)
  bool too_large = false;   // the body passed `limit`, so the transfer was cut
  // How far the exchange got, to say where a timeout struck.
  bool connected = false;   // TCP (to the server or the proxy)
  bool tls_done = false;    // the TLS handshake, for https
  bool https = false;
  std::string location;     // a 3xx answer's Location, resolved
  absl::Duration took;      // the exchange itself, without the request limiter's wait
};

// The server's own words (an error body, a Location) can quote the request back, token
// included; nothing from the server reaches a message until the token is cut out of it.
std::string Scrubbed(std::string_view text, std::string_view token) {
  std::string out(text);
  if (token.empty()) return out;
  return absl::StrReplaceAll(out, {{AV(token), "[token redacted]"}});
}

// libcurl opens its sockets without close-on-exec; a child run by `podinit run` (exec'd, or
// under the supervisor) must not inherit a live connection to the API server.
int CloseOnExec(void*, curl_socket_t fd, curlsocktype) {
  int flags = fcntl(fd, F_GETFD);
  if (flags >= 0) fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
  return CURL_SOCKOPT_OK;
}

// Appends unless `to` would pass `limit` (0: none). The string grows to at most `limit`, not
// to the next doubling past it, so a refused answer costs the limit, not twice it.
bool AppendCapped(std::string& to, std::string_view data, int64_t limit) {
  if (limit <= 0) {
    to.append(data);
    return true;
  }
  const size_t max = static_cast<size_t>(limit);
  if (to.size() + data.size() > max) return false;
  if (to.size() + data.size() > to.capacity()) {
    // libstdc++'s reserve() on a string doubles at least, so build the exact size afresh.
    size_t target = std::max(to.capacity() * 2, to.size() + data.size());
    if (target > max / 2) target = max;  // one step to the limit, not two just short of it
    std::string bigger;
    bigger.reserve(target);
    bigger.append(to);
    to.swap(bigger);
  }
  to.append(data);
  return true;
}

size_t AppendBody(char* data, size_t size, size_t n, void* user) {
  auto* o = static_cast<Outcome*>(user);
  // Content-Length over the limit never gets here (CURLOPT_MAXFILESIZE_LARGE); a chunked or
  // compressed body is only known to be too big while it arrives.
  if (!AppendCapped(o->body, std::string_view(data, size * n), o->limit)) {
    o->too_large = true;
    return 0;  // aborts the transfer
  }
  return size * n;
}

size_t ParseHeader(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<Outcome*>(user);
  std::string_view line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) out->retry_after.reset();  // a new response (after 100)
  size_t colon = line.find(':');
  if (colon != std::string_view::npos &&
      absl::EqualsIgnoreCase(absl::string_view(line.data(), colon), "retry-after")) {
    std::string v(absl::StripAsciiWhitespace(absl::string_view(line.data() + colon + 1,
                                                                line.size() - colon - 1)));
    int64_t secs;
    // Only integer seconds, as client-go: an HTTP date is ignored.
    if (absl::SimpleAtoi(v, &secs) && secs >= 0) out->retry_after = secs;
  }
  return size * n;
}

// A server that rejects us (e.g. a missing client certificate) says so with a TLS alert:
// inside the handshake, or with TLS 1.3 on the first read after curl thinks the handshake is
// done. Either way it is a refusal, not a dropped connection.
bool IsTlsAlert(const Outcome& o) {
  return (o.code == CURLE_RECV_ERROR || o.code == CURLE_SEND_ERROR ||
          o.code == CURLE_SSL_CONNECT_ERROR) &&
         o.error.find(" alert ") != std::string::npos;
}

bool RetriableTransport(const Outcome& o) {
  if (IsTlsAlert(o)) return false;
  switch (o.code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return true;
    default:
      return false;
  }
}

// A transport failure as one line; the status code says whether it is ours (configuration)
// or the server's side.
// Whether curl's "Failed to connect to HOST port PORT ..." is about the URL's own host and
// port (https://h:p/..., https://[v6]:p/..., or the scheme's default port).
bool ConnectDetailNamesUrl(std::string_view detail, std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return true;
  std::string_view authority = url.substr(scheme + 3);
  authority = authority.substr(0, authority.find('/'));
  std::string_view host = authority, port = absl::StartsWith(AV(url), "https") ? "443" : "80";
  size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  return absl::StrContains(AV(detail), absl::StrCat(" ", AV(host), " port ", AV(port), " "));
}

absl::Status TransportError(std::string_view method, std::string_view url, const Outcome& o) {
  std::string prefix = absl::StrCat(AV(method), " ", AV(url), ": ");
  std::string detail = o.error.empty() ? curl_easy_strerror(o.code) : o.error;
  if (IsTlsAlert(o)) {
    return absl::UnavailableError(prefix + "the server refused the TLS connection (" + detail + ")");
  }
  switch (o.code) {
    case CURLE_COULDNT_CONNECT:
      if (o.os_errno == ECONNREFUSED) {
        // curl's detail names the address it tried; worth repeating only when that is not
        // the URL's own, i.e. a proxy (proxy-url, HTTPS_PROXY) refused.
        std::string refused = "connection refused";
        if (!ConnectDetailNamesUrl(detail, url)) absl::StrAppend(&refused, " (", detail, ")");
        return absl::UnavailableError(prefix + refused);
      }
      return absl::UnavailableError(prefix + "cannot connect (" + detail + ")");
    case CURLE_COULDNT_RESOLVE_HOST:
      return absl::UnavailableError(prefix + "cannot resolve host (" + detail + ")");
    case CURLE_OPERATION_TIMEDOUT: {
      // curl's connect timeout covers the TLS handshake too, so its words ("Connection timed
      // out") would blame the network for a server that accepted and then said nothing.
      std::string_view phase = !o.connected              ? "connecting"
                               : (o.https && !o.tls_done) ? "in the TLS handshake"
                                                          : "reading the answer";
      return absl::DeadlineExceededError(
          absl::StrCat(prefix, "timed out (", AV(phase), ": ", detail, ")"));
    }
    case CURLE_PEER_FAILED_VERIFICATION:
      return absl::UnavailableError(prefix + "TLS certificate verification failed (" + detail + ")");
    case CURLE_SSL_CACERT_BADFILE:
      return absl::FailedPreconditionError(prefix + "cannot load the CA certificate (" + detail + ")");
    case CURLE_SSL_CERTPROBLEM:
      return absl::FailedPreconditionError(prefix + "cannot load the client certificate (" + detail + ")");
    case CURLE_SSL_CONNECT_ERROR:
      return absl::UnavailableError(prefix + "TLS handshake failed (" + detail + ")");
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
      return absl::UnavailableError(prefix + "connection dropped (" + detail + ")");
    default:
      return absl::UnavailableError(prefix + detail);
  }
}

bool RetriableHttp(long code) { return code == 429 || (code >= 500 && code <= 599); }

// A selector goes into a URL only once it parses: query escaping keeps it from breaking the
// URL, and this keeps a template's typo from reaching the server as a 400.
absl::Status CheckLabelSelector(std::string_view selector) {
  if (selector.empty()) return absl::OkStatus();
  absl::StatusOr<std::vector<LabelRequirement>> parsed = ParseLabelSelector(selector);
  if (parsed.ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("invalid label selector ", Json(selector).Dump(),
                                                 ": ", parsed.status().message()));
}

// The Status of a watch that asked for a resourceVersion the server has not reached yet: a
// server restarted on an older etcd (or another one behind a load balancer). client-go's
// isTooLargeResourceVersionError: the ResourceVersionTooLarge cause, or for older servers a
// 504 whose cause or message says "Too large resource version".
bool IsTooLargeResourceVersion(const Json& status) {
  if (!status.is_object()) return false;
  const Json* causes = status.Path("details.causes");
  bool timeout = false;
  if (const Json* code = status.Find("code"); code != nullptr && code->is_int()) {
    timeout = code->as_int() == 504;
  }
  if (causes != nullptr && causes->is_array()) {
    for (const Json& cause : causes->array()) {
      if (cause.GetString("reason") == "ResourceVersionTooLarge") return true;
      if (timeout && cause.GetString("message") == "Too large resource version") return true;
    }
  }
  return timeout && absl::StrContains(AV(status.GetString("message")), "Too large resource version");
}

// Watch events arrive as newline-delimited JSON in a chunked response.
struct WatchStream {
  CURL* handle = nullptr;
  std::string buffer;
  std::string error_body;  // the body of a non-200 answer
  bool stopped = false;    // on_event returned false
  int64_t limit = 0;       // on one event line, or on error_body
  bool too_large = false;
  std::function<bool(std::string_view line)> on_line;
};

size_t WatchWrite(char* data, size_t size, size_t n, void* user) {
  auto* w = static_cast<WatchStream*>(user);
  long code = 0;
  curl_easy_getinfo(w->handle, CURLINFO_RESPONSE_CODE, &code);
  std::string_view in(data, size * n);
  if (code != 200) {
    if (!AppendCapped(w->error_body, in, w->limit)) {
      w->too_large = true;
      return 0;
    }
    return size * n;
  }
  // The stream may run for hours; each event (line) is held to the limit.
  while (!in.empty()) {
    size_t nl = in.find('\n');
    if (!AppendCapped(w->buffer, in.substr(0, nl), w->limit)) {
      w->too_large = true;
      return 0;
    }
    if (nl == std::string_view::npos) break;
    in.remove_prefix(nl + 1);
    std::string_view line = w->buffer;
    if (!line.empty() && line != "\r" && !w->on_line(line)) {
      w->stopped = true;
      return 0;  // aborts the transfer
    }
    w->buffer.clear();
    // One big event must not keep its buffer for the rest of the stream.
    if (w->buffer.capacity() > (size_t{1} << 20)) w->buffer.shrink_to_fit();
  }
  return size * n;
}

}  // namespace

struct Client::Impl {
  ClientConfig config;
  ClientOptions options;
  TokenSource tokens;
  CURL* handle = nullptr;        // GET/LIST/PATCH: one kept-alive connection
  CURL* watch_handle = nullptr;  // a watch streams for minutes on its own connection
  int requests = 0;
  Clock* clock = nullptr;
  std::unique_ptr<RequestLimiter> limiter;

  ~Impl() {
    if (connect_list != nullptr) curl_slist_free_all(connect_list);
    if (handle != nullptr) curl_easy_cleanup(handle);
    if (watch_handle != nullptr) curl_easy_cleanup(watch_handle);
  }

  void Log(std::string_view line) {
    if (options.log) options.log(line);
  }

  std::string Url(std::string_view path) const { return base_url + std::string(path); }

  // The base URL requests use and, with a tls-server-name, the CONNECT_TO entry that sends
  // them to the configured server.
  void SetUpServerName() {
    base_url = config.server;
    if (config.tls_server_name.empty() || config.server.rfind("https://", 0) != 0) return;
    std::string rest = config.server.substr(8);
    std::string hostport = rest.substr(0, rest.find('/'));
    size_t colon = hostport.rfind(':');
    bool has_port = colon != std::string::npos && hostport.find(']', colon) == std::string::npos;
    std::string host = has_port ? hostport.substr(0, colon) : hostport;
    std::string port = has_port ? hostport.substr(colon + 1) : "443";
    if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    base_url = absl::StrCat("https://", JoinHostPort(config.tls_server_name, port),
                            rest.substr(hostport.size()));
    connect_to = absl::StrCat(config.tls_server_name, ":", port, ":",
                              host.find(':') != std::string::npos ? "[" + host + "]" : host, ":", port);
  }
  std::string base_url;
  std::string connect_to;
  curl_slist* connect_list = nullptr;

  CURL* NewHandle() {
    CURL* h = curl_easy_init();
    if (h == nullptr) return nullptr;
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(absl::ToInt64Milliseconds(options.connect_timeout)));
    curl_easy_setopt(h, CURLOPT_USERAGENT, options.user_agent.c_str());
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_SOCKOPTFUNCTION, CloseOnExec);
    // A kubeconfig proxy-url wins over the environment, as in client-go; without one libcurl
    // reads https_proxy/HTTPS_PROXY and no_proxy as Go's ProxyFromEnvironment does.
    if (!config.proxy_url.empty()) curl_easy_setopt(h, CURLOPT_PROXY, config.proxy_url.c_str());
    // tls-server-name: the URL names it (SNI and the certificate check use it) and the
    // connection goes to the server's real host.
    if (!connect_to.empty()) {
      connect_list = curl_slist_append(nullptr, connect_to.c_str());
      curl_easy_setopt(h, CURLOPT_CONNECT_TO, connect_list);
    }
    // Only the configured CA is trusted, as client-go's CAFile replaces the system roots.
    if (!config.ca_pem.empty()) {
      curl_blob blob{const_cast<char*>(config.ca_pem.data()), config.ca_pem.size(),
                     CURL_BLOB_COPY};
      curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob);
      curl_easy_setopt(h, CURLOPT_CAPATH, nullptr);
    } else if (!config.ca_file.empty()) {
      curl_easy_setopt(h, CURLOPT_CAINFO, config.ca_file.c_str());
      curl_easy_setopt(h, CURLOPT_CAPATH, nullptr);
    }
    if (!config.client_cert_pem.empty()) {
      curl_blob blob{const_cast<char*>(config.client_cert_pem.data()),
                     config.client_cert_pem.size(), CURL_BLOB_COPY};
      curl_easy_setopt(h, CURLOPT_SSLCERT_BLOB, &blob);
      curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
    } else if (!config.client_cert_file.empty()) {
      curl_easy_setopt(h, CURLOPT_SSLCERT, config.client_cert_file.c_str());
      curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
    }
    if (!config.client_key_pem.empty()) {
      curl_blob blob{const_cast<char*>(config.client_key_pem.data()),
                     config.client_key_pem.size(), CURL_BLOB_COPY};
      curl_easy_setopt(h, CURLOPT_SSLKEY_BLOB, &blob);
      curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
    } else if (!config.client_key_file.empty()) {
      curl_easy_setopt(h, CURLOPT_SSLKEY, config.client_key_file.c_str());
      curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
    }
    if (config.insecure_skip_tls_verify) {
      curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    return h;
  }

  curl_slist* Headers(const std::string& token, const char* content_type) {
    curl_slist* list = curl_slist_append(nullptr, "Accept: application/json");
    if (!token.empty()) {
      std::string auth = "Authorization: Bearer " + token;
      list = curl_slist_append(list, auth.c_str());
    }
    if (content_type != nullptr) {
      list = curl_slist_append(list, absl::StrCat("Content-Type: ", content_type).c_str());
    }
    return list;
  }

  // One HTTP exchange on `h`; the write callback and its user data are set by the caller
  // when `stream` is given, otherwise the body lands in the outcome.
  // A certificate and key an exec plugin returned, for this request's handshake: set on every
  // request, since the plugin may have given new ones (curl keeps a connection per client
  // certificate). A kubeconfig's own client-certificate was set once with the handle.
  void UseExecClientCertificate(CURL* h, const ExecToken& cred) {
    if (cred.client_cert_pem.empty()) return;
    curl_blob cert{const_cast<char*>(cred.client_cert_pem.data()), cred.client_cert_pem.size(), CURL_BLOB_COPY};
    curl_blob key{const_cast<char*>(cred.client_key_pem.data()), cred.client_key_pem.size(), CURL_BLOB_COPY};
    curl_easy_setopt(h, CURLOPT_SSLCERT_BLOB, &cert);
    curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
    curl_easy_setopt(h, CURLOPT_SSLKEY_BLOB, &key);
    curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
  }

  Outcome Perform(CURL* h, std::string_view method, const std::string& url,
                  const std::string& token, const std::string* body, const char* content_type,
                  absl::Duration timeout, WatchStream* stream) {
    Outcome o;
    o.limit = options.max_response_bytes;
    char errbuf[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    if (body != nullptr) {
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, body->data());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, std::string(method).c_str());
    } else {
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, nullptr);
    }
    curl_slist* headers = Headers(token, content_type);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, ParseHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &o);
    if (stream != nullptr) {
      curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, WatchWrite);
      curl_easy_setopt(h, CURLOPT_WRITEDATA, stream);
    } else {
      curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, AppendBody);
      curl_easy_setopt(h, CURLOPT_WRITEDATA, &o);
    }
    // A watch stream has no overall size, only its events do (WatchWrite).
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(stream != nullptr ? 0 : options.max_response_bytes));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(std::max<int64_t>(1, absl::ToInt64Milliseconds(timeout))));
    // Every request, whichever loop sends it, passes the limiter.
    limiter->Acquire();
    const absl::Time booked = clock->Now();
    ++requests;
    o.code = curl_easy_perform(h);
    curl_off_t sent_us = 0;  // connect and TLS handshake done, the request on its way
    if (curl_easy_getinfo(h, CURLINFO_PRETRANSFER_TIME_T, &sent_us) == CURLE_OK && sent_us > 0) {
      limiter->Sent(booked + absl::Microseconds(sent_us));
    }
    curl_off_t total_us = 0;
    curl_easy_getinfo(h, CURLINFO_TOTAL_TIME_T, &total_us);
    o.took = absl::Microseconds(total_us);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
    curl_slist_free_all(headers);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
    o.error = errbuf;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &o.http);
    long os_errno = 0;
    curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
    o.os_errno = static_cast<int>(os_errno);
    // CURLINFO_CONNECT_TIME stays 0 until TLS is done too; a local port is known as soon
    // as TCP is up.
    long local_port = 0;
    curl_off_t tls_us = 0;
    curl_easy_getinfo(h, CURLINFO_LOCAL_PORT, &local_port);
    curl_easy_getinfo(h, CURLINFO_APPCONNECT_TIME_T, &tls_us);
    o.connected = local_port > 0;
    o.tls_done = tls_us > 0;
    o.https = absl::StartsWith(url, "https://");
    if (o.http >= 300 && o.http < 400) {
      char* location = nullptr;
      curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &location);
      if (location != nullptr) o.location = Scrubbed(location, token);
    }
    if (o.code == CURLE_FILESIZE_EXCEEDED) o.too_large = true;
    if (stream != nullptr && stream->too_large) o.too_large = true;
    return o;
  }

  // A request with retries: connection errors, 429 and 5xx back off (Retry-After obeyed),
  // a 401 re-reads the token file once. Returns the 2xx answer or the last error.
  absl::StatusOr<Outcome> Do(std::string_view method, const std::string& path,
                             const std::string* body = nullptr,
                             const char* content_type = nullptr) {
    if (handle == nullptr) return absl::InternalError("curl_easy_init failed");
    const std::string url = Url(path);
    const absl::Time deadline = clock->Now() + options.total_deadline;
    Backoff backoff(options.backoff, clock, options.log);
    bool reread_token = false;
    bool retried_401 = false;
    for (int attempt = 1;; ++attempt) {
      absl::StatusOr<ExecToken> cred = tokens.Credential(reread_token);
      if (!cred.ok()) return cred.status();
      UseExecClientCertificate(handle, *cred);
      const std::string* token = &cred->token;
      reread_token = false;
      absl::Duration left = deadline - clock->Now();
      Outcome o = Perform(handle, method, url, *token, body, content_type,
                          std::min(options.request_timeout, left), nullptr);
      absl::Status error;
      if (o.too_large) {
        // The same server would send the same answer again: not worth a retry.
        return TooLargeError(method, url, "the response", options.max_response_bytes);
      } else if (o.code != CURLE_OK) {
        error = TransportError(method, url, o);
        if (!RetriableTransport(o)) return error;
      } else if (o.http >= 200 && o.http < 300) {
        return o;
      } else if (o.http >= 300 && o.http < 400) {
        return RedirectError(method, url, static_cast<int>(o.http), o.location);
      } else if (o.http == 401 && !retried_401 && !tokens.empty()) {
        // A bound token may have been rotated under us: re-read it and try once more.
        retried_401 = true;
        reread_token = true;
        Log(absl::StrCat(AV(method), " ", url, ": 401 Unauthorized; re-reading the token"));
        continue;
      } else {
        error = HttpError(method, url, path, static_cast<int>(o.http), Scrubbed(o.body, *token));
        if (!RetriableHttp(o.http)) return error;
      }
      if (attempt >= options.max_attempts) {
        return absl::Status(error.code(), absl::StrCat(error.message(), " (gave up after ",
                                                       attempt, " attempts)"));
      }
      std::optional<absl::Duration> retry_after;
      if (o.retry_after) retry_after = absl::Seconds(*o.retry_after);
      if (!backoff.Wait(absl::StrCat(error.message(), " (attempt ", attempt, "/",
                                     options.max_attempts, ")"),
                        deadline, retry_after)) {
        return absl::Status(error.code(),
                            absl::StrCat(error.message(), " (gave up after ", attempt,
                                         " attempts: ", FormatWait(options.total_deadline),
                                         " deadline)"));
      }
    }
  }

  // `bytes`, when given, grows by the size of the answer.
  absl::StatusOr<Json> DoJson(std::string_view method, const std::string& path,
                              const std::string* body = nullptr,
                              const char* content_type = nullptr, int64_t* bytes = nullptr) {
    absl::StatusOr<Outcome> o = Do(method, path, body, content_type);
    if (!o.ok()) return o.status();
    if (bytes != nullptr) *bytes += static_cast<int64_t>(o->body.size());
    absl::StatusOr<Json> j = ParseJson(o->body);
    if (!j.ok()) {
      return absl::UnavailableError(absl::StrCat(AV(method), " ", Url(path),
                                                 ": the answer is not JSON (", j.status().message(),
                                                 ")"));
    }
    return j;
  }
};

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::~Client() = default;

absl::StatusOr<std::unique_ptr<Client>> Client::Create(ClientConfig config, ClientOptions options) {
  GlobalInit();
  if (options.user_agent.empty()) options.user_agent = "podinit";
  if (options.max_attempts < 1) options.max_attempts = 1;
  auto impl = std::make_unique<Impl>();
  if (!config.token.empty()) {
    impl->tokens = TokenSource::Static(config.token);
  } else if (!config.token_file.empty()) {
    impl->tokens = TokenSource::File(config.token_file);
    // A missing token file is a configuration problem: say so before any request.
    if (absl::StatusOr<std::string> t = impl->tokens.Token(); !t.ok()) return t.status();
  } else if (config.exec.has_value()) {
    impl->tokens = TokenSource::Exec(*config.exec);
  }
  impl->config = std::move(config);
  impl->options = std::move(options);
  impl->clock = impl->options.clock != nullptr ? impl->options.clock : Clock::Real();
  impl->limiter = std::make_unique<RequestLimiter>(impl->options.rate_limit, impl->clock);
  impl->SetUpServerName();
  if (impl->config.insecure_skip_tls_verify) {
    // Loud even when the caller gave no logger.
    if (!impl->options.log) {
      impl->options.log = [](std::string_view line) {
        std::fprintf(stderr, "podinit: %.*s\n", static_cast<int>(line.size()), line.data());
      };
    }
    impl->Log(absl::StrCat("WARNING: TLS certificate verification for ", impl->config.server,
                           " is DISABLED (insecure-skip-tls-verify in ", impl->config.source,
                           "); anyone on the network path can impersonate the API server"));
  }
  if (!impl->tokens.empty() && SendsTokenInTheClear(impl->config.server)) {
    if (!impl->options.log) {
      impl->options.log = [](std::string_view line) {
        std::fprintf(stderr, "podinit: %.*s\n", static_cast<int>(line.size()), line.data());
      };
    }
    impl->Log(absl::StrCat("WARNING: the bearer token goes to ", impl->config.server,
                           " over plain HTTP; anyone on the network path can read it"));
  }
  impl->handle = impl->NewHandle();
  if (impl->handle == nullptr) return absl::InternalError("curl_easy_init failed");
  return std::unique_ptr<Client>(new Client(std::move(impl)));
}

int Client::requests() const { return impl_->requests; }
const ClientConfig& Client::config() const { return impl_->config; }

absl::StatusOr<Json> Client::Get(std::string_view path, bool cached) {
  return impl_->DoJson("GET", cached ? WithQuery(path, "resourceVersion=0") : std::string(path));
}

absl::StatusOr<Json> Client::MergePatch(std::string_view path, const Json& patch) {
  std::string body = patch.Dump();
  return impl_->DoJson("PATCH", std::string(path), &body, "application/merge-patch+json");
}

absl::StatusOr<Json> Client::List(std::string_view collection_path, const ListOptions& opts) {
  if (absl::Status s = CheckLabelSelector(opts.label_selector); !s.ok()) return s;
  std::string base(collection_path);
  if (!opts.label_selector.empty()) {
    base = WithQuery(base, "labelSelector=" + QueryEscape(opts.label_selector));
  }
  if (!opts.field_selector.empty()) {
    base = WithQuery(base, "fieldSelector=" + QueryEscape(opts.field_selector));
  }
  bool paged = opts.limit > 0;
  Json result;
  std::string cont;
  int64_t bytes = 0;  // all pages so far: a server handing out endless pages must not fill us
  for (int page = 0;; ++page) {
    std::string path = base;
    if (paged) path = WithQuery(path, absl::StrCat("limit=", opts.limit));
    // The API server refuses resourceVersion together with continue.
    if (!cont.empty()) {
      path = WithQuery(path, "continue=" + QueryEscape(cont));
    } else if (opts.cached) {
      path = WithQuery(path, "resourceVersion=0");
    }
    absl::StatusOr<Json> got = impl_->DoJson("GET", path, nullptr, nullptr, &bytes);
    if (got.ok() && bytes > impl_->options.max_response_bytes) {
      return TooLargeError("GET", impl_->Url(path), absl::StrCat("the list (", page + 1, " pages)"),
                           impl_->options.max_response_bytes);
    }
    if (!got.ok() && !cont.empty() && got.status().code() == absl::StatusCode::kUnavailable &&
        absl::StrContains(got.status().message(), "(410 ")) {
      // The continue token expired mid-list: start over in one unpaged request, as
      // client-go's pager does.
      impl_->Log(absl::StrCat(got.status().message(), "; listing again without pages"));
      paged = false;
      cont.clear();
      result = Json();
      bytes = 0;
      continue;
    }
    if (!got.ok()) return got.status();
    Json& list = *got;
    if (!list.is_object()) {
      return absl::UnavailableError(absl::StrCat("GET ", impl_->Url(path), ": not a List object"));
    }
    std::string next;
    if (Json* meta = list.Find("metadata"); meta != nullptr && meta->is_object()) {
      next = std::string(meta->GetString("continue"));
    }
    if (result.is_null()) {
      result = std::move(list);
      if (Json* items = result.Find("items"); items == nullptr || !items->is_array()) {
        result.Set("items", Json::MakeArray());
      }
    } else if (Json* items = list.Find("items"); items != nullptr && items->is_array()) {
      Json::Array& all = result.Find("items")->array();
      for (Json& item : items->array()) all.push_back(std::move(item));
    }
    if (next.empty() || !paged) break;
    if (next == cont || page > 100000) {
      return absl::UnavailableError(absl::StrCat("GET ", impl_->Url(path),
                                                 ": the server repeats its continue token"));
    }
    cont = next;
  }
  if (Json* meta = result.Find("metadata"); meta != nullptr && meta->is_object()) {
    meta->Erase("continue");
    meta->Erase("remainingItemCount");
  }
  return result;
}

absl::Status Client::Watch(std::string_view collection_path, const WatchOptions& opts,
                           const std::function<bool(const WatchEvent&)>& on_event) {
  Impl& d = *impl_;
  if (absl::Status s = CheckLabelSelector(opts.label_selector); !s.ok()) return s;
  if (d.watch_handle == nullptr) d.watch_handle = d.NewHandle();
  if (d.watch_handle == nullptr) return absl::InternalError("curl_easy_init failed");
  Clock* clock = d.clock;
  const absl::Time end = clock->Now() + opts.timeout;
  std::string rv = opts.resource_version;
  Backoff backoff(d.options.backoff, clock, d.options.log);
  int failures = 0;  // consecutive attempts that brought no event
  bool retried_401 = false;
  bool reread_token = false;
  bool relist_due = false;

  // A 410 or a too large resourceVersion: ours is of no use to this server; list again, from
  // etcd (no resourceVersion=0: a restarted server's cache may be behind). Returns false when
  // the caller is done (or the list failed: `status`).
  auto relist = [&](absl::Status* status) -> bool {
    ListOptions lo;
    lo.label_selector = opts.label_selector;
    lo.field_selector = opts.field_selector;
    lo.cached = false;
    absl::StatusOr<Json> list = List(collection_path, lo);
    if (!list.ok()) {
      *status = list.status();
      return false;
    }
    const Json* lrv = list->Path("metadata.resourceVersion");
    rv = (lrv != nullptr && lrv->is_string()) ? lrv->as_string() : "";
    if (opts.on_relist) return opts.on_relist(*list);
    if (const Json* items = list->Find("items"); items != nullptr && items->is_array()) {
      for (const Json& item : items->array()) {
        if (!on_event(WatchEvent{"ADDED", item})) return false;
      }
    }
    return true;
  };

  while (true) {
    if (relist_due) {
      relist_due = false;
      absl::Status list_error;
      if (!relist(&list_error)) return list_error;
    }
    absl::Duration left = end - clock->Now();
    if (left <= absl::ZeroDuration()) return absl::OkStatus();
    std::string path = WithQuery(collection_path, "watch=true");
    if (opts.bookmarks) path = WithQuery(path, "allowWatchBookmarks=true");
    if (!rv.empty()) path = WithQuery(path, "resourceVersion=" + QueryEscape(rv));
    if (!opts.label_selector.empty()) {
      path = WithQuery(path, "labelSelector=" + QueryEscape(opts.label_selector));
    }
    if (!opts.field_selector.empty()) {
      path = WithQuery(path, "fieldSelector=" + QueryEscape(opts.field_selector));
    }
    int64_t secs = std::max<int64_t>(1, absl::ToInt64Seconds(left));
    path = WithQuery(path, absl::StrCat("timeoutSeconds=", secs));
    const std::string url = d.Url(path);

    absl::StatusOr<ExecToken> cred = d.tokens.Credential(reread_token);
    if (!cred.ok()) return cred.status();
    d.UseExecClientCertificate(d.watch_handle, *cred);
    const std::string* token = &cred->token;
    reread_token = false;

    bool got_event = false;
    bool gone = false;
    absl::Status stream_error;      // ends the Watch
    absl::Status retriable_event;   // an ERROR event worth another attempt (429, 5xx)
    WatchStream stream;
    stream.handle = d.watch_handle;
    stream.limit = d.options.max_response_bytes;
    stream.on_line = [&](std::string_view line) -> bool {
      absl::StatusOr<Json> ev = ParseJson(line);
      if (!ev.ok() || !ev->is_object()) {
        stream_error = absl::UnavailableError(absl::StrCat(
            "GET ", url, ": a watch event is not JSON (",
            ev.ok() ? "not an object" : std::string(ev.status().message()), ")"));
        return false;
      }
      std::string type(ev->GetString("type"));
      Json* object = ev->Find("object");
      Json obj = object != nullptr ? std::move(*object) : Json();
      if (type == "ERROR") {
        const Json* code = obj.Find("code");
        int http = (code != nullptr && code->is_int()) ? static_cast<int>(code->as_int()) : 500;
        if (http == 410 || IsTooLargeResourceVersion(obj)) {
          gone = true;
        } else if (RetriableHttp(http)) {
          retriable_event = HttpError("GET", url, path, http, Scrubbed(obj.Dump(), *token));
        } else {
          stream_error = HttpError("GET", url, path, http, Scrubbed(obj.Dump(), *token));
        }
        return false;
      }
      if (!obj.is_object()) {
        stream_error = absl::UnavailableError(
            absl::StrCat("GET ", url, ": a ", type.empty() ? "watch" : type,
                         " event holds no object"));
        return false;
      }
      got_event = true;
      if (const Json* orv = obj.Path("metadata.resourceVersion"); orv != nullptr && orv->is_string()) {
        rv = orv->as_string();
      }
      if (type == "BOOKMARK") return true;
      return on_event(WatchEvent{std::move(type), std::move(obj)});
    };
    // The server ends the watch at timeoutSeconds; give it a little slack before we do.
    Outcome o = d.Perform(d.watch_handle, "GET", url, *token, nullptr, nullptr,
                          left + absl::Seconds(5), &stream);
    if (stream.stopped && !gone && stream_error.ok() && retriable_event.ok()) {
      return absl::OkStatus();  // on_event said so
    }
    if (!stream_error.ok()) return stream_error;
    if (stream.too_large) {
      return TooLargeError("GET", url, o.http == 200 ? "a watch event" : "the response",
                           d.options.max_response_bytes);
    }
    if (got_event) {
      failures = 0;
      backoff.Reset();
    }

    absl::Status error;  // why this attempt was a failure
    const bool too_large_rv = o.code == CURLE_OK && o.http == 504 && [&] {
      absl::StatusOr<Json> status = ParseJson(stream.error_body);
      return status.ok() && IsTooLargeResourceVersion(*status);
    }();
    if (gone || too_large_rv || (o.code == CURLE_OK && o.http == 410)) {
      d.Log(absl::StrCat("GET ", url, ": resourceVersion ", rv,
                         too_large_rv ? " is newer than the server's (it restarted?)"
                                      : " is too old (410 Gone)",
                         "; listing again"));
      relist_due = true;
      if (got_event) continue;  // an ordinary expiry after progress: relist at once
      error = absl::UnavailableError(absl::StrCat("GET ", url, ": the watch needs a relist"));
    } else if (!retriable_event.ok()) {
      error = retriable_event;
    } else if (o.code == CURLE_OK && o.http == 200) {
      // The server ended the watch. After events, or after a quiet while, that is normal
      // (timeoutSeconds, or the server's own limit): the caller goes on. At once and empty, it
      // is a server that must not be asked again straight away.
      if (got_event || o.took >= kShortWatch || clock->Now() >= end) {
        return absl::OkStatus();
      }
      error = absl::UnavailableError(
          absl::StrCat("GET ", url, ": the server ended the watch at once with no event"));
    } else if (o.code == CURLE_OPERATION_TIMEDOUT && clock->Now() >= end) {
      return absl::OkStatus();
    } else if (o.code != CURLE_OK) {
      // A watch ends by a dropped connection as often as anything else: resume from rv.
      error = TransportError("GET", url, o);
      if (!RetriableTransport(o)) return error;
      if (got_event) continue;
    } else if (o.http == 401 && !retried_401 && !d.tokens.empty()) {
      retried_401 = true;
      reread_token = true;
      continue;
    } else if (o.http >= 300 && o.http < 400) {
      return RedirectError("GET", url, static_cast<int>(o.http), o.location);
    } else {
      error = HttpError("GET", url, path, static_cast<int>(o.http), Scrubbed(stream.error_body, *token));
      if (!RetriableHttp(o.http)) return error;
    }
    if (++failures >= d.options.max_attempts) {
      return absl::Status(error.code(), absl::StrCat(error.message(), " (gave up after ",
                                                     failures, " attempts)"));
    }
    std::optional<absl::Duration> retry_after;
    if (o.retry_after) retry_after = absl::Seconds(*o.retry_after);
    // When the wait outlasts opts.timeout, the Watch still ends only at its timeout: a caller
    // that loops over Watch calls must not come back sooner than the backoff says.
    if (!backoff.SleepUntilNextOr(
            absl::StrCat(error.message(), "; resourceVersion ", rv.empty() ? "\"\"" : rv), end,
            retry_after)) {
      return absl::OkStatus();
    }
  }
}

}  // namespace k8sclient
