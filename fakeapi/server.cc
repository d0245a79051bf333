#include "fakeapi/server.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace fakeapi {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using std::chrono::steady_clock;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr auto kIdleTimeout = std::chrono::seconds(120);
constexpr auto kWriteTimeout = std::chrono::seconds(60);

std::chrono::steady_clock::duration ToChrono(absl::Duration d) {
  return std::chrono::duration_cast<steady_clock::duration>(absl::ToChronoNanoseconds(d));
}

// Wakes a watch coroutine when the store changes. The cancel runs on the watch's strand, so it
// either finds the watch waiting or happens before the watch next reads the store.
class TimerWaiter : public Waiter, public std::enable_shared_from_this<TimerWaiter> {
 public:
  explicit TimerWaiter(asio::any_io_executor ex) : timer_(ex) {}
  void Wake() override {
    asio::post(timer_.get_executor(), [weak = weak_from_this()] {
      if (auto self = weak.lock()) self->timer_.cancel();
    });
  }
  asio::steady_timer& timer() { return timer_; }

 private:
  asio::steady_timer timer_;
};

}  // namespace

struct Server::Impl {
  Impl(Api& a, const Options& o) : api(a), opts(o), acceptor(ioc), signals(ioc, SIGINT, SIGTERM) {}

  asio::io_context ioc;
  Api& api;
  const Options& opts;
  std::unique_ptr<asio::ssl::context> ssl;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  absl::Status init_error;  // from the constructor, reported by Listen

  template <class Stream>
  asio::awaitable<bool> WriteChunk(Stream& stream, const std::vector<std::string>& lines) {
    if (lines.empty()) co_return true;
    std::string data;
    for (const auto& l : lines) data += l;
    beast::get_lowest_layer(stream).expires_after(kWriteTimeout);
    auto [ec, n] = co_await asio::async_write(stream, http::make_chunk(asio::buffer(data)), kNoThrow);
    beast::get_lowest_layer(stream).expires_never();
    co_return !ec;
  }

  template <class Stream>
  asio::awaitable<void> Watch(Stream& stream, unsigned version, WatchSpec spec) {
    beast::get_lowest_layer(stream).expires_after(kWriteTimeout);
    http::response<http::empty_body> res{http::status::ok, version};
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-cache, private");
    res.chunked(true);
    res.keep_alive(false);
    http::response_serializer<http::empty_body> sr{res};
    auto [hec, hn] = co_await http::async_write_header(stream, sr, kNoThrow);
    if (hec) co_return;
    beast::get_lowest_layer(stream).expires_never();

    auto ex = co_await asio::this_coro::executor;
    auto state = std::make_shared<WatchState>();
    state->waiter = std::make_shared<TimerWaiter>(ex);
    TimerWaiter& waiter = *state->waiter;
    api.store().AddWaiter(state->waiter);
    // A client that goes away mid-watch is noticed at once, not at the next event.
    asio::co_spawn(ex, ReadUntilClosed(stream, state), asio::detached);
    auto now = steady_clock::now();
    const auto deadline = now + ToChrono(spec.timeout);
    const auto interval = ToChrono(opts.bookmark_interval);
    auto next_bookmark = now + interval;

    bool ok = co_await WriteChunk(stream, api.InitialWatchLines(spec));
    while (ok && !state->closed) {
      bool expired = false;
      ok = co_await WriteChunk(stream, api.NextWatchLines(spec, expired));
      if (!ok || expired) break;
      now = steady_clock::now();
      if (now >= deadline) break;
      if (spec.bookmarks && now >= next_bookmark) {
        std::vector<std::string> bookmark{api.BookmarkLine(spec)};
        ok = co_await WriteChunk(stream, bookmark);
        next_bookmark = now + interval;
      }
      waiter.timer().expires_at(spec.bookmarks ? std::min(deadline, next_bookmark) : deadline);
      co_await waiter.timer().async_wait(kNoThrow);
    }
    if (ok && !state->closed) {
      beast::get_lowest_layer(stream).expires_after(kWriteTimeout);
      co_await asio::async_write(stream, http::make_chunk_last(), kNoThrow);
    }
    // The reader must be done with the stream before the connection destroys it.
    beast::get_lowest_layer(stream).cancel();
    for (int i = 0; i < 200 && !state->reader_done; ++i) {
      waiter.timer().expires_after(std::chrono::milliseconds(5));
      co_await waiter.timer().async_wait(kNoThrow);
    }
  }

  struct WatchState {
    std::shared_ptr<TimerWaiter> waiter;
    bool closed = false;
    bool reader_done = false;
  };

  // Runs beside a watch on the same strand; a watch client sends nothing more, so any read
  // completion other than data means it is gone.
  template <class Stream>
  static asio::awaitable<void> ReadUntilClosed(Stream& stream, std::shared_ptr<WatchState> state) {
    char buf[512];
    while (true) {
      auto [ec, n] = co_await stream.async_read_some(asio::buffer(buf), kNoThrow);
      if (ec) break;
    }
    state->closed = true;
    state->reader_done = true;
    state->waiter->timer().cancel();
  }

  template <class Stream>
  asio::awaitable<void> Serve(Stream& stream) {
    beast::flat_buffer buffer;
    while (true) {
      beast::get_lowest_layer(stream).expires_after(kIdleTimeout);
      http::request_parser<http::string_body> parser;
      parser.body_limit(16 << 20);
      auto [hec, hn] = co_await http::async_read_header(stream, buffer, parser, kNoThrow);
      if (hec) co_return;
      // libcurl asks before sending a larger body and would otherwise wait a second.
      if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
        http::response<http::empty_body> cont{http::status::continue_, parser.get().version()};
        auto [cec, cn] = co_await http::async_write(stream, cont, kNoThrow);
        if (cec) co_return;
      }
      auto [ec, n] = co_await http::async_read(stream, buffer, parser, kNoThrow);
      if (ec) co_return;
      const auto& msg = parser.get();
      Request req;
      req.method = std::string(msg.method_string());
      req.target = std::string(msg.target());
      req.authorization = std::string(msg[http::field::authorization]);
      req.content_type = std::string(msg[http::field::content_type]);
      req.accept = std::string(msg[http::field::accept]);
      req.user_agent = std::string(msg[http::field::user_agent]);
      req.body = msg.body();
      Outcome out = api.Handle(req);
      if (out.delay > absl::ZeroDuration()) {
        asio::steady_timer t(co_await asio::this_coro::executor, ToChrono(out.delay));
        co_await t.async_wait(kNoThrow);
      }
      if (out.drop) {
        beast::error_code ignored;
        beast::get_lowest_layer(stream).socket().close(ignored);
        co_return;
      }
      if (out.watch.has_value()) {
        co_await Watch(stream, msg.version(), std::move(*out.watch));
        co_return;
      }
      http::response<http::string_body> res{static_cast<http::status>(out.response.status),
                                            msg.version()};
      if (!out.response.content_type.empty()) {
        res.set(http::field::content_type, out.response.content_type);
      }
      res.set(http::field::cache_control, "no-cache, private");
      for (const auto& [k, v] : out.response.headers) res.set(k, v);
      res.keep_alive(msg.keep_alive());
      res.body() = std::move(out.response.body);
      res.prepare_payload();
      beast::get_lowest_layer(stream).expires_after(kWriteTimeout);
      auto [wec, wn] = co_await http::async_write(stream, res, kNoThrow);
      if (wec || !res.keep_alive()) co_return;
    }
  }

  asio::awaitable<void> Connection(tcp::socket socket) {
    try {
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      if (ssl) {
        beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *ssl);
        beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
        auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, kNoThrow);
        if (ec) co_return;
        co_await Serve(stream);
        // No close_notify round trip: clients do not wait for one, and a stuck one must not
        // hold the coroutine.
      } else {
        beast::tcp_stream stream(std::move(socket));
        co_await Serve(stream);
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
      }
    } catch (const std::exception&) {
      // A broken connection ends its own coroutine only.
    }
  }

  asio::awaitable<void> Accept() {
    while (true) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), kNoThrow);
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      if (ec) {
        // Out of descriptors or similar: let connections finish before accepting more.
        asio::steady_timer t(ioc, std::chrono::milliseconds(50));
        co_await t.async_wait(kNoThrow);
        continue;
      }
      auto ex = socket.get_executor();
      asio::co_spawn(ex, Connection(std::move(socket)), asio::detached);
    }
  }
};

Server::Server(Api& api, const Options& options, std::optional<TlsMaterial> tls)
    : impl_(std::make_unique<Impl>(api, options)) {
  if (tls.has_value()) {
    impl_->ssl = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    impl_->ssl->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                            asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                            asio::ssl::context::no_tlsv1_1);
    beast::error_code ec;
    impl_->ssl->use_certificate_chain(asio::buffer(tls->cert_pem), ec);
    if (ec) {
      impl_->init_error = absl::InvalidArgumentError("TLS certificate: " + ec.message());
      return;
    }
    impl_->ssl->use_private_key(asio::buffer(tls->key_pem), asio::ssl::context::pem, ec);
    if (ec) impl_->init_error = absl::InvalidArgumentError("TLS private key: " + ec.message());
  }
}

Server::~Server() = default;

absl::StatusOr<std::string> Server::Listen(const std::string& address) {
  if (!impl_->init_error.ok()) return impl_->init_error;
  size_t colon = address.rfind(':');
  if (colon == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat("--listen: want HOST:PORT, got \"", address, "\""));
  }
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host == "localhost" || host.empty()) host = "127.0.0.1";
  int port = 0;
  try {
    port = std::stoi(address.substr(colon + 1));
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("--listen: bad port in \"", address, "\""));
  }
  beast::error_code ec;
  auto ip = asio::ip::make_address(host, ec);
  if (ec) return absl::InvalidArgumentError(absl::StrCat("--listen: bad address \"", host, "\""));
  tcp::endpoint ep(ip, static_cast<unsigned short>(port));
  auto& acc = impl_->acceptor;
  acc.open(ep.protocol(), ec);
  if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(ep, ec);
  // A deep backlog so that a burst of a thousand clients is queued, not refused.
  if (!ec) acc.listen(4096, ec);
  if (ec) return absl::UnavailableError(absl::StrCat("listen on ", address, ": ", ec.message()));
  tcp::endpoint local = acc.local_endpoint(ec);
  if (ec) return absl::UnavailableError(absl::StrCat("listen on ", address, ": ", ec.message()));
  std::string h = local.address().to_string();
  if (local.address().is_v6()) h = "[" + h + "]";
  return absl::StrCat(h, ":", local.port());
}

void Server::Run() {
  impl_->signals.async_wait([this](const beast::error_code&, int) { Stop(); });
  asio::co_spawn(impl_->ioc, impl_->Accept(), asio::detached);
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->opts.threads; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : threads) t.join();
}

void Server::Stop() {
  asio::post(impl_->ioc, [this] {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->signals.cancel(ignored);
    impl_->ioc.stop();
  });
}

void RaiseFileLimit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

}  // namespace fakeapi
