// Code that walks a value level by level (fmt's printing, deepCopy, deepEqual, merge,
// toYaml, toToml) recurses once per level. fromJson gives 10,000 levels and a range loop can
// nest dict in dict without end, and podinit's stack is fixed where Go's grows (to 1 GB, and
// then Go crashes): such a walk stops with an error while the stack still has room.
#pragma once

namespace templating {

// Thrown by CheckValueDepth; the executor reports it as an error of the action or call that
// was running. It never leaves templating.
struct ValueTooDeep {};

// Throws ValueTooDeep when this execution has used most of the stack it may use. Outside an
// execution it does nothing.
void CheckValueDepth();

}  // namespace templating
