#include "templating/sprig/gotime.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>

#include "absl/strings/str_cat.h"

namespace templating::sprig::gotime {
namespace {

constexpr int64_t kAlpha = INT64_MIN;  // Go's alpha/omega: the ends of time
constexpr int64_t kOmega = INT64_MAX;
constexpr int64_t kSecondsPerDay = 86400;
constexpr int64_t kSecond = 1000000000;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

bool IsLeap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

// Days since 1970-01-01 of a proleptic Gregorian date (month 1..12).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

int DaysIn(int month, int64_t year) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeap(year)) return 29;
  return kDays[month - 1];
}

// ---- zoneinfo ----

struct Reader {
  std::string_view d;
  bool error = false;
  std::string_view Read(size_t n) {
    if (d.size() < n) {
      d = {};
      error = true;
      return {};
    }
    std::string_view p = d.substr(0, n);
    d.remove_prefix(n);
    return p;
  }
  bool Big4(uint32_t* v) {
    std::string_view p = Read(4);
    if (p.size() < 4) return false;
    *v = (uint32_t{static_cast<uint8_t>(p[0])} << 24) | (uint32_t{static_cast<uint8_t>(p[1])} << 16) |
         (uint32_t{static_cast<uint8_t>(p[2])} << 8) | uint32_t{static_cast<uint8_t>(p[3])};
    return true;
  }
  bool Big8(uint64_t* v) {
    uint32_t hi, lo;
    if (!Big4(&hi) || !Big4(&lo)) return false;
    *v = (uint64_t{hi} << 32) | lo;
    return true;
  }
};

// time.LoadLocationFromTZData.
absl::StatusOr<Location> FromTZData(std::string name, std::string_view data) {
  const absl::Status bad = absl::InvalidArgumentError("malformed time zone information");
  Reader d{data};
  if (d.Read(4) != "TZif") return bad;
  std::string_view p = d.Read(16);
  if (p.size() != 16) return bad;
  int version = p[0] == 0 ? 1 : p[0] == '2' ? 2 : p[0] == '3' ? 3 : 0;
  if (version == 0) return bad;
  enum { kUTCLocal, kStdWall, kLeap, kTime, kZone, kChar };
  uint32_t n[6];
  for (auto& x : n) {
    if (!d.Big4(&x)) return bad;
  }
  bool is64 = false;
  if (version > 1) {
    size_t skip = size_t{n[kTime]} * 4 + n[kTime] + size_t{n[kZone]} * 6 + n[kChar] + size_t{n[kLeap]} * 8 +
                  n[kStdWall] + n[kUTCLocal] + 4 + 16;
    d.Read(skip);
    is64 = true;
    for (auto& x : n) {
      if (!d.Big4(&x)) return bad;
    }
  }
  const size_t size = is64 ? 8 : 4;
  Reader txtimes{d.Read(n[kTime] * size)};
  std::string_view txzones = d.Read(n[kTime]);
  Reader zonedata{d.Read(size_t{n[kZone]} * 6)};
  std::string_view abbrev = d.Read(n[kChar]);
  d.Read(size_t{n[kLeap]} * (size + 4));
  d.Read(n[kStdWall]);
  d.Read(n[kUTCLocal]);
  if (d.error) return bad;
  Location l;
  l.name = std::move(name);
  std::string_view rest = d.d;
  if (rest.size() > 2 && rest.front() == '\n' && rest.back() == '\n') {
    l.extend = std::string(rest.substr(1, rest.size() - 2));
  }
  if (n[kZone] == 0) return bad;
  for (uint32_t i = 0; i < n[kZone]; i++) {
    uint32_t off;
    if (!zonedata.Big4(&off)) return bad;
    std::string_view b = zonedata.Read(2);
    if (b.size() < 2 || static_cast<uint8_t>(b[1]) >= abbrev.size()) return bad;
    Zone z;
    z.offset = static_cast<int32_t>(off);
    z.is_dst = b[0] != 0;
    std::string_view a = abbrev.substr(static_cast<uint8_t>(b[1]));
    z.name = std::string(a.substr(0, a.find('\0')));
    l.zones.push_back(std::move(z));
  }
  for (uint32_t i = 0; i < n[kTime]; i++) {
    int64_t when;
    if (!is64) {
      uint32_t v;
      if (!txtimes.Big4(&v)) return bad;
      when = static_cast<int32_t>(v);
    } else {
      uint64_t v;
      if (!txtimes.Big8(&v)) return bad;
      when = static_cast<int64_t>(v);
    }
    uint8_t idx = static_cast<uint8_t>(txzones[i]);
    if (idx >= l.zones.size()) return bad;
    l.tx.push_back({when, idx});
  }
  if (l.tx.empty()) l.tx.push_back({kAlpha, 0});
  return l;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::NotFoundError(path);
  std::string out;
  char buf[8192];
  while (true) {
    ssize_t r = read(fd, buf, sizeof buf);
    if (r <= 0) break;
    out.append(buf, static_cast<size_t>(r));
    if (out.size() > (10 << 20)) break;  // Go refuses zoneinfo files past 10 MB
  }
  close(fd);
  return out;
}

// loadLocation: the first directory holding a readable, valid file.
absl::StatusOr<Location> LoadFrom(const std::string& name, std::initializer_list<std::string> dirs) {
  absl::Status first;
  for (const std::string& dir : dirs) {
    auto data = ReadFile(dir.empty() ? name : dir + (dir.back() == '/' ? "" : "/") + name);
    if (!data.ok()) continue;
    auto l = FromTZData(name, *data);
    if (l.ok()) return l;
    if (first.ok()) first = l.status();
  }
  if (!first.ok()) return first;
  return absl::NotFoundError(absl::StrCat("unknown time zone ", name));
}

// platformZoneSources.
absl::StatusOr<Location> LoadFromZoneSources(const std::string& name) {
  return LoadFrom(name, {"/usr/share/zoneinfo/", "/usr/share/lib/zoneinfo/", "/usr/lib/locale/TZ/"});
}

// ---- tzset (POSIX TZ rules) ----

bool TzsetName(std::string_view s, std::string_view* name, std::string_view* rest) {
  if (s.empty()) return false;
  if (s[0] != '<') {
    for (size_t i = 0; i < s.size(); i++) {
      if (std::string_view("0123456789,-+").find(s[i]) != std::string_view::npos) {
        if (i < 3) return false;
        *name = s.substr(0, i);
        *rest = s.substr(i);
        return true;
      }
    }
    if (s.size() < 3) return false;
    *name = s;
    *rest = {};
    return true;
  }
  size_t gt = s.find('>');
  if (gt == std::string_view::npos) return false;
  *name = s.substr(1, gt - 1);
  *rest = s.substr(gt + 1);
  return true;
}

bool TzsetNum(std::string_view s, int min, int max, int* num, std::string_view* rest) {
  if (s.empty()) return false;
  int n = 0;
  for (size_t i = 0; i < s.size(); i++) {
    char c = s[i];
    if (c < '0' || c > '9') {
      if (i == 0 || n < min) return false;
      *num = n;
      *rest = s.substr(i);
      return true;
    }
    n = n * 10 + (c - '0');
    if (n > max) return false;
  }
  if (n < min) return false;
  *num = n;
  *rest = {};
  return true;
}

bool TzsetOffset(std::string_view s, int* offset, std::string_view* rest) {
  if (s.empty()) return false;
  bool neg = false;
  if (s[0] == '+') {
    s.remove_prefix(1);
  } else if (s[0] == '-') {
    s.remove_prefix(1);
    neg = true;
  }
  int hours, mins, secs;
  if (!TzsetNum(s, 0, 24 * 7, &hours, &s)) return false;
  int off = hours * 3600;
  if (!s.empty() && s[0] == ':') {
    if (!TzsetNum(s.substr(1), 0, 59, &mins, &s)) return false;
    off += mins * 60;
    if (!s.empty() && s[0] == ':') {
      if (!TzsetNum(s.substr(1), 0, 59, &secs, &s)) return false;
      off += secs;
    }
  }
  *offset = neg ? -off : off;
  *rest = s;
  return true;
}

struct Rule {
  enum Kind { kJulian, kDOY, kMonthWeekDay } kind = kDOY;
  int day = 0, week = 0, mon = 0, time = 0;
};

bool TzsetRule(std::string_view s, Rule* r, std::string_view* rest) {
  if (s.empty()) return false;
  if (s[0] == 'J') {
    if (!TzsetNum(s.substr(1), 1, 365, &r->day, &s)) return false;
    r->kind = Rule::kJulian;
  } else if (s[0] == 'M') {
    if (!TzsetNum(s.substr(1), 1, 12, &r->mon, &s) || s.empty() || s[0] != '.') return false;
    if (!TzsetNum(s.substr(1), 1, 5, &r->week, &s) || s.empty() || s[0] != '.') return false;
    if (!TzsetNum(s.substr(1), 0, 6, &r->day, &s)) return false;
    r->kind = Rule::kMonthWeekDay;
  } else {
    if (!TzsetNum(s, 0, 365, &r->day, &s)) return false;
    r->kind = Rule::kDOY;
  }
  if (s.empty() || s[0] != '/') {
    r->time = 2 * 3600;
    *rest = s;
    return true;
  }
  return TzsetOffset(s.substr(1), &r->time, rest);
}

int64_t TzruleTime(int64_t year, const Rule& r, int off) {
  static constexpr int kDaysBefore[13] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};
  int64_t s = 0;
  switch (r.kind) {
    case Rule::kJulian:
      s = int64_t{r.day - 1} * kSecondsPerDay;
      if (IsLeap(year) && r.day >= 60) s += kSecondsPerDay;
      break;
    case Rule::kDOY: s = int64_t{r.day} * kSecondsPerDay; break;
    case Rule::kMonthWeekDay: {
      int64_t m1 = (r.mon + 9) % 12 + 1;
      int64_t yy0 = year;
      if (r.mon <= 2) yy0--;
      int64_t yy1 = yy0 / 100, yy2 = yy0 % 100;
      int64_t dow = ((26 * m1 - 2) / 10 + 1 + yy2 + yy2 / 4 + yy1 / 4 - 2 * yy1) % 7;
      if (dow < 0) dow += 7;
      int64_t d = r.day - dow;
      if (d < 0) d += 7;
      for (int i = 1; i < r.week; i++) {
        if (d + 7 >= DaysIn(r.mon, year)) break;
        d += 7;
      }
      d += kDaysBefore[r.mon - 1];
      if (IsLeap(year) && r.mon > 2) d++;
      s = d * kSecondsPerDay;
      break;
    }
  }
  return s + r.time - off;
}

bool Tzset(std::string_view s, int64_t last_tx, int64_t sec, Location::Lookup* out) {
  std::string_view std_name, dst_name;
  int std_offset = 0, dst_offset = 0;
  if (!TzsetName(s, &std_name, &s) || !TzsetOffset(s, &std_offset, &s)) return false;
  std_offset = -std_offset;
  if (s.empty() || s[0] == ',') {
    *out = {std::string(std_name), std_offset, last_tx, kOmega, false};
    return true;
  }
  if (!TzsetName(s, &dst_name, &s)) return false;
  if (s.empty() || s[0] == ',') {
    dst_offset = std_offset + 3600;
  } else {
    if (!TzsetOffset(s, &dst_offset, &s)) return false;
    dst_offset = -dst_offset;
  }
  std::string_view rules = s.empty() ? std::string_view(",M3.2.0,M11.1.0") : s;
  if (rules[0] != ',' && rules[0] != ';') return false;
  rules.remove_prefix(1);
  Rule start_rule, end_rule;
  if (!TzsetRule(rules, &start_rule, &rules) || rules.empty() || rules[0] != ',') return false;
  if (!TzsetRule(rules.substr(1), &end_rule, &rules) || !rules.empty()) return false;

  int64_t days = FloorDiv(sec, kSecondsPerDay);
  int64_t year;
  int m, d;
  CivilFromDays(days, &year, &m, &d);
  int64_t year_start = DaysFromCivil(year, 1, 1) * kSecondsPerDay;
  int64_t ysec = sec - year_start;
  int64_t abs = year_start;
  int64_t start_sec = TzruleTime(year, start_rule, std_offset);
  int64_t end_sec = TzruleTime(year, end_rule, dst_offset);
  bool dst_is_dst = true, std_is_dst = false;
  if (end_sec < start_sec) {
    std::swap(start_sec, end_sec);
    std::swap(std_name, dst_name);
    std::swap(std_offset, dst_offset);
    std::swap(std_is_dst, dst_is_dst);
  }
  if (ysec < start_sec) {
    *out = {std::string(std_name), std_offset, abs, start_sec + abs, std_is_dst};
  } else if (ysec >= end_sec) {
    *out = {std::string(std_name), std_offset, end_sec + abs, abs + 365 * kSecondsPerDay, std_is_dst};
  } else {
    *out = {std::string(dst_name), dst_offset, start_sec + abs, end_sec + abs, dst_is_dst};
  }
  return true;
}

int64_t MonoNow() {
  static const auto start = std::chrono::steady_clock::now();
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count() +
         1;
}

}  // namespace

Location::Lookup Location::lookup(int64_t sec) const {
  if (zones.empty()) return {"UTC", 0, kAlpha, kOmega, false};
  if (tx.empty() || sec < tx[0].when) {
    // lookupFirstZone.
    size_t zi = 0;
    bool first_used = false;
    for (const auto& t : tx) first_used = first_used || t.index == 0;
    if (first_used) {
      bool found = false;
      if (!tx.empty() && zones[tx[0].index].is_dst) {
        for (int i = static_cast<int>(tx[0].index) - 1; i >= 0; i--) {
          if (!zones[static_cast<size_t>(i)].is_dst) {
            zi = static_cast<size_t>(i);
            found = true;
            break;
          }
        }
      }
      if (!found) {
        for (size_t i = 0; i < zones.size(); i++) {
          if (!zones[i].is_dst) {
            zi = i;
            found = true;
            break;
          }
        }
      }
      if (!found) zi = 0;
    }
    const Zone& z = zones[zi];
    return {z.name, z.offset, kAlpha, tx.empty() ? kOmega : tx[0].when, z.is_dst};
  }
  int64_t end = kOmega;
  size_t lo = 0, hi = tx.size();
  while (hi - lo > 1) {
    size_t m = lo + (hi - lo) / 2;
    if (sec < tx[m].when) {
      end = tx[m].when;
      hi = m;
    } else {
      lo = m;
    }
  }
  const Zone& z = zones[tx[lo].index];
  Lookup out{z.name, z.offset, tx[lo].when, end, z.is_dst};
  if (lo == tx.size() - 1 && !extend.empty()) {
    Lookup e;
    if (Tzset(extend, out.start, sec, &e)) return e;
  }
  return out;
}

bool Location::LookupName(std::string_view name, int64_t unix, int* offset) const {
  for (const Zone& z : zones) {
    if (z.name == name) {
      Lookup l = lookup(unix - z.offset);
      if (l.name == z.name) {
        *offset = l.offset;
        return true;
      }
    }
  }
  for (const Zone& z : zones) {
    if (z.name == name) {
      *offset = z.offset;
      return true;
    }
  }
  return false;
}

Loc UTC() {
  static const Loc utc = [] {
    auto l = std::make_shared<Location>();
    l->name = "UTC";
    return Loc(l);
  }();
  return utc;
}

Loc Local() {
  static const Loc local = [] {
    auto l = std::make_shared<Location>();
    const char* tz = std::getenv("TZ");
    if (tz == nullptr) {
      auto z = LoadFrom("localtime", {"/etc"});
      if (z.ok()) {
        *l = *std::move(z);
        l->name = "Local";
        return Loc(l);
      }
    } else if (*tz != '\0') {
      std::string name = tz[0] == ':' ? tz + 1 : tz;
      if (!name.empty() && name[0] == '/') {
        auto z = LoadFrom(name, {""});
        if (z.ok()) {
          *l = *std::move(z);
          l->name = name == "/etc/localtime" ? "Local" : name;
          return Loc(l);
        }
      } else if (!name.empty() && name != "UTC") {
        auto z = LoadFromZoneSources(name);
        if (z.ok()) {
          *l = *std::move(z);
          return Loc(l);
        }
      }
    }
    l->name = "UTC";
    return Loc(l);
  }();
  return local;
}

absl::StatusOr<Loc> LoadLocation(std::string_view name) {
  if (name.empty() || name == "UTC") return UTC();
  if (name == "Local") return Local();
  if (name.find("..") != std::string_view::npos || name[0] == '/' || name[0] == '\\') {
    return absl::InvalidArgumentError("time: invalid location name");
  }
  static std::mutex mu;
  static auto* cache = new std::map<std::string, Loc, std::less<>>;
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = cache->find(name); it != cache->end()) return it->second;
  std::string n(name);
  absl::Status first;
  if (const char* zi = std::getenv("ZONEINFO"); zi != nullptr && *zi != '\0') {
    auto z = LoadFrom(n, {zi});
    if (z.ok()) return (*cache)[n] = std::make_shared<const Location>(*std::move(z));
    if (!absl::IsNotFound(z.status())) first = z.status();
  }
  auto z = LoadFromZoneSources(n);
  if (z.ok()) return (*cache)[n] = std::make_shared<const Location>(*std::move(z));
  return first.ok() ? z.status() : first;
}

Loc FixedZone(std::string name, int offset) {
  auto l = std::make_shared<Location>();
  l->name = name;
  l->zones.push_back({std::move(name), offset, false});
  l->tx.push_back({kAlpha, 0});
  return l;
}

const Location& Time::location() const { return loc ? *loc : *UTC(); }

Time::Civil Time::civil() const {
  Location::Lookup z = location().lookup(sec);
  int64_t local = sec + z.offset;
  int64_t days = FloorDiv(local, kSecondsPerDay);
  int64_t rem = local - days * kSecondsPerDay;
  Civil c;
  CivilFromDays(days, &c.year, &c.month, &c.day);
  c.yday = static_cast<int>(days - DaysFromCivil(c.year, 1, 1)) + 1;
  c.hour = static_cast<int>(rem / 3600);
  c.min = static_cast<int>(rem % 3600 / 60);
  c.sec = static_cast<int>(rem % 60);
  c.weekday = static_cast<int>(FloorMod(days + 4, 7));
  return c;
}

Time Now() {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  Time t;
  t.sec = ts.tv_sec;
  t.nsec = static_cast<int32_t>(ts.tv_nsec);
  t.loc = Local();
  t.has_mono = true;
  t.mono = MonoNow();
  return t;
}

Time Unix(int64_t sec, int64_t nsec) {
  if (nsec < 0 || nsec >= kSecond) {
    int64_t n = nsec / kSecond;
    sec += n;
    nsec -= n * kSecond;
    if (nsec < 0) {
      nsec += kSecond;
      sec--;
    }
  }
  Time t;
  t.sec = sec;
  t.nsec = static_cast<int32_t>(nsec);
  t.loc = Local();
  return t;
}

namespace {
void Norm(int64_t* hi, int64_t* lo, int64_t base) {
  if (*lo < 0) {
    int64_t n = (-*lo - 1) / base + 1;
    *hi -= n;
    *lo += n * base;
  }
  if (*lo >= base) {
    int64_t n = *lo / base;
    *hi += n;
    *lo -= n * base;
  }
}
}  // namespace

Time Date(int64_t year, int64_t month, int64_t day, int64_t hour, int64_t min, int64_t sec, int64_t nsec,
          Loc loc) {
  int64_t m = month - 1;
  Norm(&year, &m, 12);
  Norm(&sec, &nsec, kSecond);
  Norm(&min, &sec, 60);
  Norm(&hour, &min, 60);
  Norm(&day, &hour, 24);
  int64_t days = DaysFromCivil(year, m + 1, 1) + day - 1;
  int64_t unix = days * kSecondsPerDay + hour * 3600 + min * 60 + sec;
  const Location& l = loc ? *loc : *UTC();
  Location::Lookup z = l.lookup(unix);
  if (z.offset != 0) {
    int64_t utc = unix - z.offset;
    int offset = z.offset;
    if (utc < z.start || utc >= z.end) offset = l.lookup(utc).offset;
    unix -= offset;
  }
  Time t;
  t.sec = unix;
  t.nsec = static_cast<int32_t>(nsec);
  t.loc = std::move(loc);
  return t;
}

Time Add(const Time& t, int64_t d) {
  Time r = t;
  int64_t dsec = d / kSecond;
  int64_t nsec = t.nsec + d % kSecond;
  if (nsec >= kSecond) {
    dsec++;
    nsec -= kSecond;
  } else if (nsec < 0) {
    dsec--;
    nsec += kSecond;
  }
  r.sec = t.sec + dsec;
  r.nsec = static_cast<int32_t>(nsec);
  if (r.has_mono) r.mono += d;
  return r;
}

Time AddDate(const Time& t, int64_t years, int64_t months, int64_t days) {
  Time::Civil c = t.civil();
  return Date(c.year + years, c.month + months, c.day + days, c.hour, c.min, c.sec, t.nsec, t.loc);
}

int64_t Sub(const Time& t, const Time& u) {
  if (t.has_mono && u.has_mono) return t.mono - u.mono;
  // Saturating, as Go's Sub.
  __int128 d = (__int128(t.sec) - u.sec) * kSecond + (t.nsec - u.nsec);
  if (d > INT64_MAX) return INT64_MAX;
  if (d < INT64_MIN) return INT64_MIN;
  return static_cast<int64_t>(d);
}

int64_t Since(const Time& t) { return Sub(Now(), t); }

// ---- formatting ----

// time/format.go quote (Go 1.19): not strconv.Quote. Every byte of a non-ASCII rune, valid or
// not, and every control byte below ' ' is written as \xNN, so the rune boundaries Go finds
// change nothing and no UTF-8 decoding is needed; DEL stays as it is.
std::string Quote(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || c < ' ') {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
      continue;
    }
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(ch);
  }
  out.push_back('"');
  return out;
}

namespace {

enum Std {
  kNone = 0,
  kLongMonth, kMonth, kNumMonth, kZeroMonth, kLongWeekDay, kWeekDay, kDay, kUnderDay, kZeroDay,
  kUnderYearDay, kZeroYearDay, kHour, kHour12, kZeroHour12, kMinute, kZeroMinute, kSecond_, kZeroSecond,
  kLongYear, kYear, kPM, kpm, kTZ, kISO8601TZ, kISO8601SecondsTZ, kISO8601ShortTZ, kISO8601ColonTZ,
  kISO8601ColonSecondsTZ, kNumTZ, kNumSecondsTz, kNumShortTZ, kNumColonTZ, kNumColonSecondsTZ,
  kFracSecond0, kFracSecond9,
};

struct Chunk {
  std::string_view prefix;
  Std std = kNone;
  int digits = 0;  // fractional seconds
  char sep = '.';
  std::string_view suffix;
};

bool StartsWithLower(std::string_view s) { return !s.empty() && s[0] >= 'a' && s[0] <= 'z'; }
bool IsDigitAt(std::string_view s, size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

// time.nextStdChunk.
Chunk NextStdChunk(std::string_view layout) {
  auto at = [&](size_t i, Std s, size_t len) {
    return Chunk{layout.substr(0, i), s, 0, '.', layout.substr(i + len)};
  };
  auto has = [&](size_t i, std::string_view w) { return layout.substr(i, w.size()) == w; };
  for (size_t i = 0; i < layout.size(); i++) {
    switch (layout[i]) {
      case 'J':
        if (has(i, "Jan")) {
          if (has(i, "January")) return at(i, kLongMonth, 7);
          if (!StartsWithLower(layout.substr(i + 3))) return at(i, kMonth, 3);
        }
        break;
      case 'M':
        if (layout.size() >= i + 3) {
          if (has(i, "Mon")) {
            if (has(i, "Monday")) return at(i, kLongWeekDay, 6);
            if (!StartsWithLower(layout.substr(i + 3))) return at(i, kWeekDay, 3);
          }
          if (has(i, "MST")) return at(i, kTZ, 3);
        }
        break;
      case '0':
        if (layout.size() >= i + 2 && layout[i + 1] >= '1' && layout[i + 1] <= '6') {
          static constexpr Std k0x[6] = {kZeroMonth, kZeroDay, kZeroHour12, kZeroMinute, kZeroSecond, kYear};
          return at(i, k0x[layout[i + 1] - '1'], 2);
        }
        if (has(i, "002")) return at(i, kZeroYearDay, 3);
        break;
      case '1':
        if (has(i, "15")) return at(i, kHour, 2);
        return at(i, kNumMonth, 1);
      case '2':
        if (has(i, "2006")) return at(i, kLongYear, 4);
        return at(i, kDay, 1);
      case '_':
        if (layout.size() >= i + 2 && layout[i + 1] == '2') {
          if (has(i + 1, "2006")) return Chunk{layout.substr(0, i + 1), kLongYear, 0, '.', layout.substr(i + 5)};
          return at(i, kUnderDay, 2);
        }
        if (has(i, "__2")) return at(i, kUnderYearDay, 3);
        break;
      case '3': return at(i, kHour12, 1);
      case '4': return at(i, kMinute, 1);
      case '5': return at(i, kSecond_, 1);
      case 'P':
        if (has(i, "PM")) return at(i, kPM, 2);
        break;
      case 'p':
        if (has(i, "pm")) return at(i, kpm, 2);
        break;
      case '-':  // -070000, -07:00:00, -0700, -07:00, -07
      case 'Z': {  // the same with Z: "Z" for UTC when formatting
        struct TzLayout {
          std::string_view digits;
          Std num, iso;
        };
        static constexpr TzLayout kTz[] = {{"070000", kNumSecondsTz, kISO8601SecondsTZ},
                                          {"07:00:00", kNumColonSecondsTZ, kISO8601ColonSecondsTZ},
                                          {"0700", kNumTZ, kISO8601TZ},
                                          {"07:00", kNumColonTZ, kISO8601ColonTZ},
                                          {"07", kNumShortTZ, kISO8601ShortTZ}};
        for (const TzLayout& t : kTz) {
          if (has(i + 1, t.digits)) return at(i, layout[i] == '-' ? t.num : t.iso, 1 + t.digits.size());
        }
        break;
      }
      case '.':
      case ',':
        if (i + 1 < layout.size() && (layout[i + 1] == '0' || layout[i + 1] == '9')) {
          char ch = layout[i + 1];
          size_t j = i + 1;
          while (j < layout.size() && layout[j] == ch) j++;
          if (!IsDigitAt(layout, j)) {
            Chunk c{layout.substr(0, i), ch == '9' ? kFracSecond9 : kFracSecond0, static_cast<int>(j - (i + 1)),
                    layout[i], layout.substr(j)};
            return c;
          }
        }
        break;
      default: break;
    }
  }
  return Chunk{layout, kNone, 0, '.', {}};
}

void AppendInt(std::string& b, int64_t x, int width) {
  uint64_t u = static_cast<uint64_t>(x);
  if (x < 0) {
    b.push_back('-');
    u = 0 - u;
  }
  char buf[20];
  int i = 20;
  do {
    buf[--i] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u > 0);
  for (int w = 20 - i; w < width; w++) b.push_back('0');
  b.append(buf + i, static_cast<size_t>(20 - i));
}

void FormatNano(std::string& b, int nanosec, int digits, char sep, bool trim) {
  char buf[9];
  int u = nanosec;
  for (int start = 9; start > 0;) {
    buf[--start] = static_cast<char>(u % 10 + '0');
    u /= 10;
  }
  int n = std::min(digits, 9);
  if (trim) {
    while (n > 0 && buf[n - 1] == '0') n--;
    if (n == 0) return;
  }
  b.push_back(sep);
  b.append(buf, static_cast<size_t>(n));
}

}  // namespace

std::string Time::Format(std::string_view layout) const {
  Location::Lookup z = location().lookup(sec);
  Civil c = civil();
  std::string b;
  while (!layout.empty()) {
    Chunk ch = NextStdChunk(layout);
    b.append(ch.prefix);
    if (ch.std == kNone) break;
    layout = ch.suffix;
    switch (ch.std) {
      case kYear: AppendInt(b, (c.year < 0 ? -c.year : c.year) % 100, 2); break;
      case kLongYear: AppendInt(b, c.year, 4); break;
      case kMonth: b.append(std::string_view(kMonthNames[c.month - 1]).substr(0, 3)); break;
      case kLongMonth: b.append(kMonthNames[c.month - 1]); break;
      case kNumMonth: AppendInt(b, c.month, 0); break;
      case kZeroMonth: AppendInt(b, c.month, 2); break;
      case kWeekDay: b.append(std::string_view(kDayNames[c.weekday]).substr(0, 3)); break;
      case kLongWeekDay: b.append(kDayNames[c.weekday]); break;
      case kDay: AppendInt(b, c.day, 0); break;
      case kUnderDay:
        if (c.day < 10) b.push_back(' ');
        AppendInt(b, c.day, 0);
        break;
      case kZeroDay: AppendInt(b, c.day, 2); break;
      case kUnderYearDay:
        if (c.yday < 100) {
          b.push_back(' ');
          if (c.yday < 10) b.push_back(' ');
        }
        AppendInt(b, c.yday, 0);
        break;
      case kZeroYearDay: AppendInt(b, c.yday, 3); break;
      case kHour: AppendInt(b, c.hour, 2); break;
      case kHour12: AppendInt(b, c.hour % 12 == 0 ? 12 : c.hour % 12, 0); break;
      case kZeroHour12: AppendInt(b, c.hour % 12 == 0 ? 12 : c.hour % 12, 2); break;
      case kMinute: AppendInt(b, c.min, 0); break;
      case kZeroMinute: AppendInt(b, c.min, 2); break;
      case kSecond_: AppendInt(b, c.sec, 0); break;
      case kZeroSecond: AppendInt(b, c.sec, 2); break;
      case kPM: b.append(c.hour >= 12 ? "PM" : "AM"); break;
      case kpm: b.append(c.hour >= 12 ? "pm" : "am"); break;
      case kISO8601TZ:
      case kISO8601ColonTZ:
      case kISO8601SecondsTZ:
      case kISO8601ShortTZ:
      case kISO8601ColonSecondsTZ:
      case kNumTZ:
      case kNumColonTZ:
      case kNumSecondsTz:
      case kNumShortTZ:
      case kNumColonSecondsTZ: {
        const Std s = ch.std;
        bool iso = s == kISO8601TZ || s == kISO8601ColonTZ || s == kISO8601SecondsTZ || s == kISO8601ShortTZ ||
                   s == kISO8601ColonSecondsTZ;
        if (z.offset == 0 && iso) {
          b.push_back('Z');
          break;
        }
        int zone = z.offset / 60;
        int absoffset = z.offset;
        if (zone < 0) {
          b.push_back('-');
          zone = -zone;
          absoffset = -absoffset;
        } else {
          b.push_back('+');
        }
        AppendInt(b, zone / 60, 2);
        if (s == kISO8601ColonTZ || s == kNumColonTZ || s == kISO8601ColonSecondsTZ || s == kNumColonSecondsTZ) {
          b.push_back(':');
        }
        if (s != kNumShortTZ && s != kISO8601ShortTZ) AppendInt(b, zone % 60, 2);
        if (s == kISO8601SecondsTZ || s == kNumSecondsTz || s == kNumColonSecondsTZ || s == kISO8601ColonSecondsTZ) {
          if (s == kNumColonSecondsTZ || s == kISO8601ColonSecondsTZ) b.push_back(':');
          AppendInt(b, absoffset % 60, 2);
        }
        break;
      }
      case kTZ: {
        if (!z.name.empty()) {
          b.append(z.name);
          break;
        }
        int zone = z.offset / 60;
        if (zone < 0) {
          b.push_back('-');
          zone = -zone;
        } else {
          b.push_back('+');
        }
        AppendInt(b, zone / 60, 2);
        AppendInt(b, zone % 60, 2);
        break;
      }
      case kFracSecond0:
      case kFracSecond9: FormatNano(b, nsec, ch.digits, ch.sep, ch.std == kFracSecond9); break;
      default: break;
    }
  }
  return b;
}

std::string Time::String() const {
  std::string s = Format("2006-01-02 15:04:05.999999999 -0700 MST");
  if (has_mono) {
    uint64_t m2 = static_cast<uint64_t>(mono);
    char sign = '+';
    if (mono < 0) {
      sign = '-';
      m2 = 0 - m2;
    }
    uint64_t m1 = m2 / 1000000000, m0;
    m2 %= 1000000000;
    m0 = m1 / 1000000000;
    m1 %= 1000000000;
    s += " m=";
    s.push_back(sign);
    int wid = 0;
    if (m0 != 0) {
      AppendInt(s, static_cast<int64_t>(m0), 0);
      wid = 9;
    }
    AppendInt(s, static_cast<int64_t>(m1), wid);
    s.push_back('.');
    AppendInt(s, static_cast<int64_t>(m2), 9);
  }
  return s;
}

// ---- parsing ----

namespace {

struct ParseErr {
  std::string layout_elem, value_elem, message;
};

absl::Status MakeParseError(std::string_view layout, std::string_view value, const ParseErr& e) {
  if (e.message.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("parsing time ", Quote(value), " as ", Quote(layout),
                                                   ": cannot parse ", Quote(e.value_elem), " as ",
                                                   Quote(e.layout_elem)));
  }
  return absl::InvalidArgumentError(absl::StrCat("parsing time ", Quote(value), e.message));
}

bool LeadingInt(std::string_view s, uint64_t* x, std::string_view* rem) {
  uint64_t v = 0;
  size_t i = 0;
  for (; i < s.size(); i++) {
    char c = s[i];
    if (c < '0' || c > '9') break;
    if (v > (uint64_t{1} << 63) / 10) return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
    if (v > (uint64_t{1} << 63)) return false;
  }
  *x = v;
  *rem = s.substr(i);
  return true;
}

bool Atoi(std::string_view s, int64_t* x) {
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  uint64_t q;
  std::string_view rem;
  if (!LeadingInt(s, &q, &rem) || !rem.empty()) return false;
  *x = neg ? -static_cast<int64_t>(q) : static_cast<int64_t>(q);
  return true;
}

bool GetNum(std::string_view* s, bool fixed, int64_t* n) {
  if (!IsDigitAt(*s, 0)) return false;
  if (!IsDigitAt(*s, 1)) {
    if (fixed) return false;
    *n = (*s)[0] - '0';
    s->remove_prefix(1);
    return true;
  }
  *n = ((*s)[0] - '0') * 10 + ((*s)[1] - '0');
  s->remove_prefix(2);
  return true;
}

bool GetNum3(std::string_view* s, bool fixed, int64_t* n) {
  int64_t v = 0;
  size_t i = 0;
  for (; i < 3 && IsDigitAt(*s, i); i++) v = v * 10 + ((*s)[i] - '0');
  if (i == 0 || (fixed && i != 3)) return false;
  *n = v;
  s->remove_prefix(i);
  return true;
}

std::string_view CutSpace(std::string_view s) {
  while (!s.empty() && s[0] == ' ') s.remove_prefix(1);
  return s;
}

bool Skip(std::string_view* value, std::string_view prefix) {
  while (!prefix.empty()) {
    if (prefix[0] == ' ') {
      if (!value->empty() && (*value)[0] != ' ') return false;
      prefix = CutSpace(prefix);
      *value = CutSpace(*value);
      continue;
    }
    if (value->empty() || (*value)[0] != prefix[0]) return false;
    prefix.remove_prefix(1);
    value->remove_prefix(1);
  }
  return true;
}

bool MatchFold(std::string_view s1, std::string_view s2) {
  for (size_t i = 0; i < s1.size(); i++) {
    char c1 = s1[i], c2 = s2[i];
    if (c1 != c2) {
      c1 |= 'a' - 'A';
      c2 |= 'a' - 'A';
      if (c1 != c2 || c1 < 'a' || c1 > 'z') return false;
    }
  }
  return true;
}

// lookup over month or day names, full or three letters.
bool LookupName(const char* const* tab, int n, bool short_names, std::string_view* val, int64_t* idx) {
  for (int i = 0; i < n; i++) {
    std::string_view v = tab[i];
    if (short_names) v = v.substr(0, 3);
    if (val->size() >= v.size() && MatchFold(val->substr(0, v.size()), v)) {
      *idx = i;
      val->remove_prefix(v.size());
      return true;
    }
  }
  return false;
}

int ParseSignedOffset(std::string_view value) {
  char sign = value[0];
  if (sign != '-' && sign != '+') return 0;
  uint64_t x;
  std::string_view rem;
  if (!LeadingInt(value.substr(1), &x, &rem) || rem.size() == value.size() - 1) return 0;
  if (x > 23) return 0;
  return static_cast<int>(value.size() - rem.size());
}

bool ParseTimeZone(std::string_view value, size_t* length) {
  if (value.size() < 3) return false;
  if (value.size() >= 4 && (value.substr(0, 4) == "ChST" || value.substr(0, 4) == "MeST")) {
    *length = 4;
    return true;
  }
  if (value.substr(0, 3) == "GMT") {
    std::string_view rest = value.substr(3);
    *length = rest.empty() ? 3 : 3 + static_cast<size_t>(ParseSignedOffset(rest));
    return true;
  }
  if (value[0] == '+' || value[0] == '-') {
    *length = static_cast<size_t>(ParseSignedOffset(value));
    return *length > 0;
  }
  size_t n = 0;
  for (; n < 6; n++) {
    if (n >= value.size() || value[n] < 'A' || value[n] > 'Z') break;
  }
  switch (n) {
    case 5:
      if (value[4] == 'T') {
        *length = 5;
        return true;
      }
      return false;
    case 4:
      if (value[3] == 'T' || value.substr(0, 4) == "WITA") {
        *length = 4;
        return true;
      }
      return false;
    case 3: *length = 3; return true;
    default: return false;
  }
}

bool ParseNanoseconds(std::string_view value, size_t nbytes, int64_t* ns, std::string* range_err) {
  if (value[0] != '.' && value[0] != ',') return false;
  if (nbytes > 10) {
    value = value.substr(0, 10);
    nbytes = 10;
  }
  if (!Atoi(value.substr(1, nbytes - 1), ns)) return false;
  if (*ns < 0) {
    *range_err = "fractional second";
    return true;
  }
  for (size_t i = 0; i < 10 - nbytes; i++) *ns *= 10;
  return true;
}

}  // namespace

absl::StatusOr<Time> ParseInLocation(std::string_view alayout, std::string_view avalue, const Loc& loc) {
  std::string_view layout = alayout, value = avalue;
  std::string range_err;
  bool am_set = false, pm_set = false;
  int64_t year = 0, month = -1, day = -1, yday = -1, hour = 0, min = 0, sec = 0, nsec = 0;
  Loc z;
  int64_t zone_offset = -1;
  std::string zone_name;
  auto fail = [&](ParseErr e) { return MakeParseError(alayout, avalue, e); };
  while (true) {
    Chunk ch = NextStdChunk(layout);
    std::string_view stdstr = layout.substr(ch.prefix.size(), layout.size() - ch.prefix.size() - ch.suffix.size());
    if (!Skip(&value, ch.prefix)) return fail({std::string(ch.prefix), std::string(value), ""});
    if (ch.std == kNone) {
      if (!value.empty()) return fail({"", std::string(value), ": extra text: " + Quote(value)});
      break;
    }
    layout = ch.suffix;
    bool ok = true;
    std::string_view p;
    switch (ch.std) {
      case kYear: {
        if (value.size() < 2) {
          ok = false;
          break;
        }
        std::string_view hold = value;
        p = value.substr(0, 2);
        value.remove_prefix(2);
        if (!Atoi(p, &year)) {
          value = hold;
          ok = false;
        } else {
          year += year >= 69 ? 1900 : 2000;
        }
        break;
      }
      case kLongYear:
        if (value.size() < 4 || !IsDigitAt(value, 0)) {
          ok = false;
          break;
        }
        p = value.substr(0, 4);
        value.remove_prefix(4);
        ok = Atoi(p, &year);
        break;
      case kMonth:
      case kLongMonth:
        ok = LookupName(kMonthNames, 12, ch.std == kMonth, &value, &month);
        month++;
        break;
      case kNumMonth:
      case kZeroMonth:
        ok = GetNum(&value, ch.std == kZeroMonth, &month);
        if (ok && (month <= 0 || month > 12)) range_err = "month";
        break;
      case kWeekDay:
      case kLongWeekDay: {
        int64_t ignored;
        ok = LookupName(kDayNames, 7, ch.std == kWeekDay, &value, &ignored);
        break;
      }
      case kDay:
      case kUnderDay:
      case kZeroDay:
        if (ch.std == kUnderDay && !value.empty() && value[0] == ' ') value.remove_prefix(1);
        ok = GetNum(&value, ch.std == kZeroDay, &day);
        break;
      case kUnderYearDay:
      case kZeroYearDay:
        for (int i = 0; i < 2; i++) {
          if (ch.std == kUnderYearDay && !value.empty() && value[0] == ' ') value.remove_prefix(1);
        }
        ok = GetNum3(&value, ch.std == kZeroYearDay, &yday);
        break;
      case kHour:
        ok = GetNum(&value, false, &hour);
        if (hour < 0 || hour >= 24) range_err = "hour";
        break;
      case kHour12:
      case kZeroHour12:
        ok = GetNum(&value, ch.std == kZeroHour12, &hour);
        if (hour < 0 || hour > 12) range_err = "hour";
        break;
      case kMinute:
      case kZeroMinute:
        ok = GetNum(&value, ch.std == kZeroMinute, &min);
        if (min < 0 || min >= 60) range_err = "minute";
        break;
      case kSecond_:
      case kZeroSecond: {
        ok = GetNum(&value, ch.std == kZeroSecond, &sec);
        if (sec < 0 || sec >= 60) {
          range_err = "second";
          break;
        }
        if (value.size() >= 2 && (value[0] == '.' || value[0] == ',') && IsDigitAt(value, 1)) {
          Std next = NextStdChunk(layout).std;
          if (next == kFracSecond0 || next == kFracSecond9) break;
          size_t n = 2;
          while (n < value.size() && IsDigitAt(value, n)) n++;
          ok = ParseNanoseconds(value, n, &nsec, &range_err);
          value.remove_prefix(n);
        }
        break;
      }
      case kPM:
      case kpm: {
        if (value.size() < 2) {
          ok = false;
          break;
        }
        p = value.substr(0, 2);
        value.remove_prefix(2);
        bool upper = ch.std == kPM;
        if (p == (upper ? "PM" : "pm")) {
          pm_set = true;
        } else if (p == (upper ? "AM" : "am")) {
          am_set = true;
        } else {
          ok = false;
        }
        break;
      }
      case kISO8601TZ:
      case kISO8601ColonTZ:
      case kISO8601SecondsTZ:
      case kISO8601ShortTZ:
      case kISO8601ColonSecondsTZ:
      case kNumTZ:
      case kNumShortTZ:
      case kNumColonTZ:
      case kNumSecondsTz:
      case kNumColonSecondsTZ: {
        const Std s = ch.std;
        if ((s == kISO8601TZ || s == kISO8601ShortTZ || s == kISO8601ColonTZ) && !value.empty() && value[0] == 'Z') {
          value.remove_prefix(1);
          z = UTC();
          break;
        }
        std::string_view sign, hh, mm, ss;
        if (s == kISO8601ColonTZ || s == kNumColonTZ) {
          if (value.size() < 6 || value[3] != ':') {
            ok = false;
            break;
          }
          sign = value.substr(0, 1), hh = value.substr(1, 2), mm = value.substr(4, 2), ss = "00";
          value.remove_prefix(6);
        } else if (s == kNumShortTZ || s == kISO8601ShortTZ) {
          if (value.size() < 3) {
            ok = false;
            break;
          }
          sign = value.substr(0, 1), hh = value.substr(1, 2), mm = "00", ss = "00";
          value.remove_prefix(3);
        } else if (s == kISO8601ColonSecondsTZ || s == kNumColonSecondsTZ) {
          if (value.size() < 9 || value[3] != ':' || value[6] != ':') {
            ok = false;
            break;
          }
          sign = value.substr(0, 1), hh = value.substr(1, 2), mm = value.substr(4, 2), ss = value.substr(7, 2);
          value.remove_prefix(9);
        } else if (s == kISO8601SecondsTZ || s == kNumSecondsTz) {
          if (value.size() < 7) {
            ok = false;
            break;
          }
          sign = value.substr(0, 1), hh = value.substr(1, 2), mm = value.substr(3, 2), ss = value.substr(5, 2);
          value.remove_prefix(7);
        } else {
          if (value.size() < 5) {
            ok = false;
            break;
          }
          sign = value.substr(0, 1), hh = value.substr(1, 2), mm = value.substr(3, 2), ss = "00";
          value.remove_prefix(5);
        }
        int64_t hr = 0, mi = 0, se = 0;
        ok = Atoi(hh, &hr);
        if (ok) ok = Atoi(mm, &mi);
        if (ok) ok = Atoi(ss, &se);
        zone_offset = (hr * 60 + mi) * 60 + se;
        if (sign[0] == '-') {
          zone_offset = -zone_offset;
        } else if (sign[0] != '+') {
          ok = false;
        }
        break;
      }
      case kTZ: {
        if (value.substr(0, 3) == "UTC") {
          z = UTC();
          value.remove_prefix(3);
          break;
        }
        size_t n = 0;
        if (!ParseTimeZone(value, &n)) {
          ok = false;
          break;
        }
        zone_name = std::string(value.substr(0, n));
        value.remove_prefix(n);
        break;
      }
      case kFracSecond0: {
        size_t ndigit = 1 + static_cast<size_t>(ch.digits);
        if (value.size() < ndigit) {
          ok = false;
          break;
        }
        ok = ParseNanoseconds(value, ndigit, &nsec, &range_err);
        value.remove_prefix(ndigit);
        break;
      }
      case kFracSecond9: {
        if (value.size() < 2 || (value[0] != '.' && value[0] != ',') || value[1] < '0' || value[1] > '9') break;
        size_t i = 0;
        while (i < 9 && i + 1 < value.size() && value[i + 1] >= '0' && value[i + 1] <= '9') i++;
        ok = ParseNanoseconds(value, 1 + i, &nsec, &range_err);
        value.remove_prefix(1 + i);
        break;
      }
      default: break;
    }
    if (!range_err.empty()) return fail({std::string(stdstr), std::string(value), ": " + range_err + " out of range"});
    if (!ok) return fail({std::string(stdstr), std::string(value), ""});
  }
  if (pm_set && hour < 12) {
    hour += 12;
  } else if (am_set && hour == 12) {
    hour = 0;
  }
  if (yday >= 0) {
    static constexpr int kDaysBefore[13] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};
    int64_t d = 0, m = 0;
    if (IsLeap(year)) {
      if (yday == 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) {
        yday--;
      }
    }
    if (yday < 1 || yday > 365) return fail({"", std::string(value), ": day-of-year out of range"});
    if (m == 0) {
      m = (yday - 1) / 31 + 1;
      if (kDaysBefore[m] < yday) m++;
      d = yday - kDaysBefore[m - 1];
    }
    if (month >= 0 && month != m) return fail({"", std::string(value), ": day-of-year does not match month"});
    month = m;
    if (day >= 0 && day != d) return fail({"", std::string(value), ": day-of-year does not match day"});
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > DaysIn(static_cast<int>(month), year)) return fail({"", std::string(value), ": day out of range"});
  if (z) return Date(year, month, day, hour, min, sec, nsec, z);
  const Location& local = *loc;
  if (zone_offset != -1) {
    Time t = Date(year, month, day, hour, min, sec, nsec, UTC());
    t.sec -= zone_offset;
    Location::Lookup l = local.lookup(t.sec);
    if (l.offset == zone_offset && (zone_name.empty() || l.name == zone_name)) {
      t.loc = loc;
      return t;
    }
    t.loc = FixedZone(zone_name, static_cast<int>(zone_offset));
    return t;
  }
  if (!zone_name.empty()) {
    Time t = Date(year, month, day, hour, min, sec, nsec, UTC());
    int offset = 0;
    if (local.LookupName(zone_name, t.sec, &offset)) {
      t.sec -= offset;
      t.loc = loc;
      return t;
    }
    if (zone_name.size() > 3 && zone_name.substr(0, 3) == "GMT") {
      int64_t o = 0;
      Atoi(std::string_view(zone_name).substr(3), &o);
      offset = static_cast<int>(o * 3600);
    }
    t.loc = FixedZone(zone_name, offset);
    return t;
  }
  return Date(year, month, day, hour, min, sec, nsec, loc);
}

// ---- durations ----

absl::StatusOr<int64_t> ParseDuration(std::string_view s) {
  const std::string_view orig = s;
  auto invalid = [&] { return absl::InvalidArgumentError("time: invalid duration " + Quote(orig)); };
  uint64_t d = 0;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return 0;
  if (s.empty()) return invalid();
  while (!s.empty()) {
    uint64_t v = 0, f = 0;
    double scale = 1;
    if (!(s[0] == '.' || (s[0] >= '0' && s[0] <= '9'))) return invalid();
    size_t pl = s.size();
    if (!LeadingInt(s, &v, &s)) return invalid();
    bool pre = pl != s.size(), post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      size_t pl2 = s.size();
      // leadingFraction: digits past what fits are read and dropped.
      size_t i = 0;
      bool overflow = false;
      for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; i++) {
        if (overflow) continue;
        if (f > static_cast<uint64_t>(INT64_MAX) / 10) {
          overflow = true;
          continue;
        }
        uint64_t y = f * 10 + static_cast<uint64_t>(s[i] - '0');
        if (y > (uint64_t{1} << 63)) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      s.remove_prefix(i);
      post = pl2 != s.size();
    }
    if (!pre && !post) return invalid();
    size_t i = 0;
    while (i < s.size() && s[i] != '.' && !(s[i] >= '0' && s[i] <= '9')) i++;
    if (i == 0) return absl::InvalidArgumentError("time: missing unit in duration " + Quote(orig));
    std::string_view u = s.substr(0, i);
    s.remove_prefix(i);
    uint64_t unit;
    if (u == "ns") {
      unit = 1;
    } else if (u == "us" || u == "\xC2\xB5s" || u == "\xCE\xBCs") {
      unit = 1000;
    } else if (u == "ms") {
      unit = 1000000;
    } else if (u == "s") {
      unit = 1000000000;
    } else if (u == "m") {
      unit = 60 * uint64_t{1000000000};
    } else if (u == "h") {
      unit = 3600 * uint64_t{1000000000};
    } else {
      return absl::InvalidArgumentError("time: unknown unit " + Quote(u) + " in duration " + Quote(orig));
    }
    if (v > (uint64_t{1} << 63) / unit) return invalid();
    v *= unit;
    if (f > 0) {
      v += static_cast<uint64_t>(static_cast<double>(f) * (static_cast<double>(unit) / scale));
      if (v > (uint64_t{1} << 63)) return invalid();
    }
    d += v;
    if (d > (uint64_t{1} << 63)) return invalid();
  }
  if (neg) return static_cast<int64_t>(0 - d);
  if (d > static_cast<uint64_t>(INT64_MAX)) return invalid();
  return static_cast<int64_t>(d);
}

std::string DurationString(int64_t d) {
  char buf[32];
  int w = 32;
  uint64_t u = static_cast<uint64_t>(d);
  bool neg = d < 0;
  if (neg) u = 0 - u;
  auto frac = [&](int prec) {
    bool print = false;
    for (int i = 0; i < prec; i++) {
      uint64_t digit = u % 10;
      print = print || digit != 0;
      if (print) buf[--w] = static_cast<char>('0' + digit);
      u /= 10;
    }
    if (print) buf[--w] = '.';
  };
  auto integer = [&](uint64_t v) {
    if (v == 0) {
      buf[--w] = '0';
    } else {
      while (v > 0) {
        buf[--w] = static_cast<char>('0' + v % 10);
        v /= 10;
      }
    }
  };
  if (u < uint64_t{1000000000}) {
    int prec;
    buf[--w] = 's';
    --w;
    if (u == 0) return "0s";
    if (u < 1000) {
      prec = 0;
      buf[w] = 'n';
    } else if (u < 1000000) {
      prec = 3;
      w--;
      buf[w] = '\xC2';
      buf[w + 1] = '\xB5';
    } else {
      prec = 6;
      buf[w] = 'm';
    }
    frac(prec);
    integer(u);
  } else {
    buf[--w] = 's';
    frac(9);
    integer(u % 60);
    u /= 60;
    if (u > 0) {
      buf[--w] = 'm';
      integer(u % 60);
      u /= 60;
      if (u > 0) {
        buf[--w] = 'h';
        integer(u);
      }
    }
  }
  if (neg) buf[--w] = '-';
  return std::string(buf + w, static_cast<size_t>(32 - w));
}

int64_t DurationRound(int64_t d, int64_t m) {
  if (m <= 0) return d;
  auto less_than_half = [](int64_t x, int64_t y) {
    return static_cast<uint64_t>(x) + static_cast<uint64_t>(x) < static_cast<uint64_t>(y);
  };
  int64_t r = d % m;
  if (d < 0) {
    r = -r;
    if (less_than_half(r, m)) return d + r;
    int64_t d1 = d - m + r;
    if (d1 < d) return d1;
    return INT64_MIN;
  }
  if (less_than_half(r, m)) return d - r;
  if (d <= INT64_MAX - (m - r)) return d + m - r;
  return INT64_MAX;
}

}  // namespace templating::sprig::gotime
