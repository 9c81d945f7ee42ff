//! Progress bars on stderr, only when stderr is a terminal and the user did not ask for quiet.
//! Everywhere else the bars are hidden and cost nothing.

use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Hands out progress bars; hidden ones when progress is off.
#[derive(Clone, Default)]
pub struct Progress {
    multi: Option<MultiProgress>,
}

impl Progress {
    /// Progress on stderr when `enabled` and stderr is a terminal.
    #[must_use]
    pub fn stderr(enabled: bool) -> Self {
        use std::io::IsTerminal;
        if enabled && std::io::stderr().is_terminal() {
            Progress {
                multi: Some(MultiProgress::with_draw_target(
                    ProgressDrawTarget::stderr_with_hz(10),
                )),
            }
        } else {
            Progress::hidden()
        }
    }

    /// No progress at all.
    #[must_use]
    pub fn hidden() -> Self {
        Progress { multi: None }
    }

    /// A counter of unknown length ("1234 files").
    #[must_use]
    pub fn spinner(&self, what: &str) -> ProgressBar {
        let Some(multi) = &self.multi else {
            return ProgressBar::hidden();
        };
        let bar = multi.add(ProgressBar::new_spinner());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix:>10} {human_pos} {msg} [{elapsed}]")
                .expect("valid template"),
        );
        bar.set_prefix(what.to_owned());
        bar.enable_steady_tick(Duration::from_millis(100));
        bar
    }

    /// A bar of known length.
    #[must_use]
    pub fn bar(&self, what: &str, len: u64) -> ProgressBar {
        let Some(multi) = &self.multi else {
            return ProgressBar::hidden();
        };
        let bar = multi.add(ProgressBar::new(len));
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix:>12} [{bar:30}] {human_pos}/{human_len} {msg} ({eta})",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        bar.set_prefix(what.to_owned());
        bar
    }
}
