//! `impactwall serve`: live preview and a dependable static server for wall screens.
