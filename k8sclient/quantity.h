// resource.Quantity as apimachinery implements it: the same grammar, the same rejections,
// the same rounding (up to 1n on parse, away from zero on Value/MilliValue) and the same
// canonical String(), so that a limit printed by podinit reads exactly as kubectl prints it.
//
// The value is held exactly, as a decimal digit string and a power-of-ten exponent, never
// as a double; inputs like 1e2147483647 keep their exponent and are never expanded.
//
// Deliberate differences from kubectl 1.32 (both follow later apimachinery fixes):
//  - an exponent outside [-MaxInt32, MaxInt32] is rejected (1.32 truncates it to int32);
//  - a DecimalSI value above 999E prints in exponent form ("1000E" -> "1e21"; 1.32 prints "1"),
//    and a BinarySI value above 1023Ei prints as an exact decimal.
//  - Value()/ScaledValue() saturate at the int64 limits instead of wrapping.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace k8sclient {

enum class QuantityFormat { kDecimalExponent, kBinarySI, kDecimalSI };

class Quantity {
 public:
  Quantity() = default;  // 0, DecimalSI

  // resource.ParseQuantity. Errors carry apimachinery's messages (ErrFormatWrong, ErrNumeric,
  // ErrSuffix).
  static absl::StatusOr<Quantity> Parse(std::string_view text);

  // unscaled * 10^exp10 in `format` (what the Go tests call decQuantity).
  static Quantity FromInt64(int64_t unscaled, int64_t exp10, QuantityFormat format);
  // An arbitrary-size integer given as [-]digits, times 10^exp10.
  static Quantity FromDigits(std::string_view signed_digits, int64_t exp10,
                             QuantityFormat format);

  // The canonical form, or the text it was parsed from when Go keeps that (e.g. "100.035k").
  std::string String() const;

  // ceil(q / 10^scale), rounding away from zero; saturates at the int64 limits.
  int64_t ScaledValue(int32_t scale) const;
  int64_t Value() const { return ScaledValue(0); }
  int64_t MilliValue() const { return ScaledValue(-3); }

  int Sign() const;
  bool IsZero() const { return digits_ == "0"; }
  int Cmp(const Quantity& other) const;  // -1, 0, 1 by value; format is ignored
  int CmpInt64(int64_t v) const;
  QuantityFormat format() const { return format_; }

  friend bool operator==(const Quantity& a, const Quantity& b) { return a.Cmp(b) == 0; }

 private:
  Quantity(bool negative, std::string digits, int64_t exp, QuantityFormat format);

  bool negative_ = false;
  std::string digits_ = "0";  // magnitude, no leading zeros
  int64_t exp_ = 0;           // value = ±digits_ * 10^exp_
  QuantityFormat format_ = QuantityFormat::kDecimalSI;
  std::string text_;  // the original text when Go would reuse it as the canonical string
};

}  // namespace k8sclient
