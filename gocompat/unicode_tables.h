// The data behind gocompat/unicode.cc, generated from Go's unicode package by
// scripts/gen-go-unicode.go into unicode_tables.cc (see there for the layout). Private to
// gocompat.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gocompat::tables {

// The predicate bits of kCategoryFlags and kLatin1Flags (scripts/gen-go-unicode.go uses
// the same bits).
enum Flag : uint16_t {
  kPrint = 1 << 0,
  kGraphic = 1 << 1,
  kSpace = 1 << 2,
  kLetter = 1 << 3,
  kDigit = 1 << 4,
  kNumber = 1 << 5,
  kPunct = 1 << 6,
  kUpper = 1 << 7,
  kLower = 1 << 8,
  kTitle = 1 << 9,
  kMark = 1 << 10,
  kSymbol = 1 << 11,
  kControl = 1 << 12,
};

// Run codes beyond the 30 categories: a run alternating Lu, Ll, Lu... or Ll, Lu, Ll...
constexpr uint32_t kAltLuLl = 30;
constexpr uint32_t kAltLlLu = 31;

extern const char kGoVersion[];
extern const char kUnicodeVersion[];
extern const char kCategoryNames[30][3];
extern const uint16_t kCategoryFlags[30];
extern const uint16_t kLatin1Flags[256];
extern const uint32_t kCategoryRuns[];
extern const size_t kCategoryRunCount;
extern const uint32_t kCaseLoLen[];
extern const uint8_t kCaseDeltaIndex[];
extern const size_t kCaseRangeCount;
extern const int32_t kCaseDeltas[][3];
extern const char32_t kFoldOrbit[][2];
extern const size_t kFoldOrbitCount;

}  // namespace gocompat::tables
