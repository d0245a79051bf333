// The part of Go's time package (Go 1.19) Sprig's date functions reach: Locations read
// from the machine's zoneinfo (TZif files, with the POSIX TZ rule of their footer for times
// past the last transition), Local from $TZ as Go sets it up, Go's layout strings both
// ways (Format, ParseInLocation and their error texts), Durations (ParseDuration, String).
//
// With no zoneinfo (a FROM scratch image), as in Go without time/tzdata: Local is UTC,
// LoadLocation fails with "unknown time zone NAME", and dateInZone falls back to UTC.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace templating::sprig::gotime {

struct Zone {
  std::string name;
  int offset = 0;  // seconds east of UTC
  bool is_dst = false;
};

struct ZoneTrans {
  int64_t when;
  uint8_t index;
};

struct Location {
  std::string name;
  std::vector<Zone> zones;
  std::vector<ZoneTrans> tx;
  std::string extend;  // the TZ string after the last transition

  struct Lookup {
    std::string name;
    int offset;
    int64_t start, end;
    bool is_dst;
  };
  // (*Location).lookup: the zone in effect at Unix second `sec`.
  Lookup lookup(int64_t sec) const;
  // (*Location).lookupName: the offset of zone `name` around `unix`.
  bool LookupName(std::string_view name, int64_t unix, int* offset) const;
};
using Loc = std::shared_ptr<const Location>;

Loc UTC();
// time.Local: from $TZ (unset: /etc/localtime; "": UTC; a name: the zoneinfo file), read
// on first use.
Loc Local();
// time.LoadLocation: "" and "UTC" are UTC, "Local" is Local, others come from $ZONEINFO or
// /usr/share/zoneinfo/, /usr/share/lib/zoneinfo/, /usr/lib/locale/TZ/.
absl::StatusOr<Loc> LoadLocation(std::string_view name);
Loc FixedZone(std::string name, int offset);

// A time.Time: an instant (seconds and nanoseconds since the Unix epoch), the Location it
// is shown in, and the monotonic clock reading time.Now attaches.
struct Time {
  int64_t sec = -62135596800;  // the zero Time: January 1, year 1, 00:00:00 UTC
  int32_t nsec = 0;
  Loc loc;  // null: UTC
  bool has_mono = false;
  int64_t mono = 0;  // nanoseconds since the process started

  const Location& location() const;
  Time In(Loc l) const {
    Time t = *this;
    t.loc = std::move(l);
    return t;
  }
  // Time.Format / AppendFormat.
  std::string Format(std::string_view layout) const;
  // Time.String: "2006-01-02 15:04:05.999999999 -0700 MST" and the monotonic reading.
  std::string String() const;
  bool IsZero() const { return sec == -62135596800 && nsec == 0; }
  struct Civil {
    int64_t year;
    int month, day, yday, hour, min, sec, weekday;
  };
  Civil civil() const;  // in the time's own location
};

Time Now();
Time Unix(int64_t sec, int64_t nsec);
// time.Date: normalizes out-of-range fields as Go does.
Time Date(int64_t year, int64_t month, int64_t day, int64_t hour, int64_t min, int64_t sec, int64_t nsec,
          Loc loc);
// t.Add(d).
Time Add(const Time& t, int64_t d);
// t.AddDate(y, m, d).
Time AddDate(const Time& t, int64_t years, int64_t months, int64_t days);
// time.Since(t) as a Duration (nanoseconds), using the monotonic clock when t has one.
int64_t Since(const Time& t);
// t.Sub(u).
int64_t Sub(const Time& t, const Time& u);

// time.ParseInLocation; the error is Go's ParseError text.
absl::StatusOr<Time> ParseInLocation(std::string_view layout, std::string_view value, const Loc& loc);

// time.ParseDuration; errors are Go's texts.
absl::StatusOr<int64_t> ParseDuration(std::string_view s);
// Duration.String.
std::string DurationString(int64_t d);
// Duration.Round.
int64_t DurationRound(int64_t d, int64_t m);

// time's own quote(), used in its error texts.
std::string Quote(std::string_view s);

inline constexpr const char* kMonthNames[12] = {"January", "February", "March",     "April",
                                                "May",     "June",     "July",      "August",
                                                "September", "October", "November", "December"};
inline constexpr const char* kDayNames[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                             "Thursday", "Friday", "Saturday"};

}  // namespace templating::sprig::gotime
