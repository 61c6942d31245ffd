"""Pure domain logic: record kinds, validation, ids and clocks. No Qt, no I/O."""
