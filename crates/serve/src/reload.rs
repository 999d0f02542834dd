//! Live reload: a server-sent-events channel every open page listens to.
//!
//! Input: rebuild outcomes. Output: `reload` (the site changed), `problems` (the last change
//! failed; the page keeps showing the last good site with the problems over it) and `ok`
//! events to every connected page. The page-side script is an external file
//! (`/_neokit/livereload.js`), so served pages keep the built site's strict
//! Content-Security-Policy; it is added only by the preview server.

use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use neokit_core::diagnostics::{Severity, source_line};
use neokit_site::pipeline::Report;

pub const SCRIPT: &str = include_str!("livereload.js");
pub const STYLE: &str = include_str!("livereload.css");
pub const SCRIPT_PATH: &str = "/_neokit/livereload.js";
pub const STYLE_PATH: &str = "/_neokit/livereload.css";
pub const EVENTS_PATH: &str = "/_neokit/livereload";

/// Connected pages.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
}

impl Hub {
    /// A new page connected; it receives every message from now on.
    pub fn subscribe(&self) -> Receiver<String> {
        let (sender, receiver) = channel();
        if let Ok(mut clients) = self.clients.lock() {
            clients.push(sender);
        }
        receiver
    }

    /// Sends a server-sent event to every page (pages that went away are forgotten).
    pub fn broadcast(&self, message: &str) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|client| client.send(message.to_string()).is_ok());
        }
    }

    pub fn connected(&self) -> usize {
        self.clients.lock().map(|c| c.len()).unwrap_or(0)
    }
}

/// A server-sent event.
pub fn event(name: &str, data: &str) -> String {
    let data: String = data.lines().map(|line| format!("data: {line}\n")).collect();
    let data = if data.is_empty() { "data: \n".to_string() } else { data };
    format!("event: {name}\n{data}\n")
}

/// Problems as the page shows them: each with its place, the offending line, help, and the
/// site folder of the page it is on (when it is on a page). Errors first, at most 200.
fn items(report: &Report, kit_dir: &Path) -> Vec<serde_json::Value> {
    let problems = &report.diagnostics;
    problems
        .iter()
        .filter(|d| d.is_error())
        .chain(problems.iter().filter(|d| d.severity == Severity::Warning))
        .take(200)
        .map(|d| {
            let source = d.location.as_ref().and_then(|l| source_line(kit_dir, l));
            let page = d
                .location
                .as_ref()
                .and_then(|l| report.page_files.iter().find(|(file, _)| *file == l.path))
                .map(|(_, dir)| dir.clone());
            serde_json::json!({
                "severity": if d.is_error() { "error" } else { "warning" },
                "location": d.location.as_ref().map(|l| l.to_string()),
                "message": d.message,
                "help": d.help,
                "source": source,
                "page": page,
            })
        })
        .collect()
}

/// The `problems` event for a failed build: the page keeps showing the last good site with
/// these over it.
pub fn problems_event(report: &Report, kit_dir: &Path) -> String {
    event("problems", &serde_json::Value::Array(items(report, kit_dir)).to_string())
}

/// The `ok` event for a good build: the site's version and its warnings (each page shows a
/// badge with its own).
pub fn ok_event(version: u64, report: &Report, kit_dir: &Path) -> String {
    event("ok", &serde_json::json!({ "version": version, "problems": items(report, kit_dir) }).to_string())
}

/// Streams events to one page until it goes away. `first` is sent at once (the current state).
pub fn stream(mut writer: Box<dyn Write + Send>, messages: Receiver<String>, first: Option<String>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Content-Type-Options: nosniff\r\n\r\n";
    if writer.write_all(head.as_bytes()).is_err() {
        return;
    }
    // A comment right away tells the browser the stream is open; `retry` has it reconnect
    // within a second once a stopped preview is back.
    let mut pending = vec!["retry: 1000\n: connected\n\n".to_string()];
    pending.extend(first);
    loop {
        for message in pending.drain(..) {
            if writer.write_all(message.as_bytes()).and_then(|()| writer.flush()).is_err() {
                return;
            }
        }
        match messages.recv_timeout(Duration::from_secs(15)) {
            Ok(message) => pending.push(message),
            // A comment keeps idle connections from being closed.
            Err(RecvTimeoutError::Timeout) => pending.push(": keep-alive\n\n".to_string()),
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_formatted() {
        assert_eq!(event("reload", "3"), "event: reload\ndata: 3\n\n");
        assert_eq!(event("ok", ""), "event: ok\ndata: \n\n");
        assert_eq!(event("x", "a\nb"), "event: x\ndata: a\ndata: b\n\n");
    }

    #[test]
    fn hub_forgets_closed_pages() {
        let hub = Hub::default();
        let first = hub.subscribe();
        let second = hub.subscribe();
        drop(second);
        hub.broadcast("hello");
        assert_eq!(first.recv().unwrap(), "hello");
        assert_eq!(hub.connected(), 1);
    }
}
