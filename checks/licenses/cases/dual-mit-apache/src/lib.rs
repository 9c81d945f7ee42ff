//! Widgets.
pub fn widget() {}
