//! Wall-screen rotation logic, pure and shared: which slides to show, in which order,
//! for how long, and when a takeover or quiet hours apply. Tested natively.
