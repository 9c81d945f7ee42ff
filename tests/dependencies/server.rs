//! A small HTTP/1.1 server on 127.0.0.1 for the registry-client tests: serves fixed answers by
//! request target, can fail a route a number of times first, delays answers on request, and
//! counts requests and the most that were in flight at once. It stops when dropped.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Computes an answer's body from the request's body.
pub type Respond = fn(&[u8]) -> Vec<u8>;

/// One route's answers.
#[derive(Clone)]
pub struct Route {
    /// Statuses to answer first, one per request (for example `[503]`), then 200.
    pub failures: Vec<u16>,
    /// The body of the 200 answer (404 when `None`).
    pub body: Option<Vec<u8>>,
    /// When set, the 200 answer is computed from the request body instead.
    pub respond: Option<Respond>,
}

impl Route {
    /// A 200 with this body.
    pub fn ok(body: impl Into<Vec<u8>>) -> Self {
        Route {
            failures: Vec::new(),
            body: Some(body.into()),
            respond: None,
        }
    }

    /// A 200 whose body `respond` computes from the request body (a POST API).
    pub fn computed(respond: Respond) -> Self {
        Route {
            failures: Vec::new(),
            body: None,
            respond: Some(respond),
        }
    }
}

#[derive(Default)]
struct State {
    routes: Mutex<HashMap<String, Route>>,
    requests: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    log: Mutex<Vec<String>>,
    bodies: Mutex<Vec<String>>,
    stop: AtomicBool,
}

/// The running server.
pub struct Server {
    /// `http://127.0.0.1:PORT`
    pub url: String,
    state: Arc<State>,
    port: u16,
}

impl Server {
    /// Starts serving `routes` (request target → answers); each answer waits `delay` first.
    pub fn start(routes: HashMap<String, Route>, delay: Duration) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local addr").port();
        let state = Arc::new(State {
            routes: Mutex::new(routes),
            ..State::default()
        });
        let s = Arc::clone(&state);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if s.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let s = Arc::clone(&s);
                std::thread::spawn(move || serve(stream, &s, delay));
            }
        });
        Server {
            url: format!("http://127.0.0.1:{port}"),
            state,
            port,
        }
    }

    /// Requests answered so far.
    pub fn requests(&self) -> usize {
        self.state.requests.load(Ordering::SeqCst)
    }

    /// The most requests in flight at once.
    pub fn max_in_flight(&self) -> usize {
        self.state.max_in_flight.load(Ordering::SeqCst)
    }

    /// Request bodies (empty for GETs) in arrival order.
    pub fn bodies(&self) -> Vec<String> {
        self.state.bodies.lock().unwrap().clone()
    }

    /// Request targets in arrival order.
    pub fn log(&self) -> Vec<String> {
        self.state.log.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(stream: TcpStream, state: &State, delay: Duration) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut out = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut content_length = 0usize;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            if header == "\r\n" || header == "\n" {
                break;
            }
            if let Some((k, v)) = header.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    content_length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; content_length];
        let _ = reader.read_exact(&mut body);
        let target = request_line
            .split_whitespace()
            .nth(1)
            .unwrap_or("/")
            .to_owned();
        let now = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        state.max_in_flight.fetch_max(now, Ordering::SeqCst);
        state.requests.fetch_add(1, Ordering::SeqCst);
        state.log.lock().unwrap().push(target.clone());
        state
            .bodies
            .lock()
            .unwrap()
            .push(String::from_utf8_lossy(&body).into_owned());
        std::thread::sleep(delay);
        let (status, payload) = {
            let mut routes = state.routes.lock().unwrap();
            match routes.get_mut(&target) {
                Some(route) if !route.failures.is_empty() => (route.failures.remove(0), Vec::new()),
                Some(Route {
                    respond: Some(f), ..
                }) => (200, f(&body)),
                Some(Route { body: Some(b), .. }) => (200, b.clone()),
                _ => (404, b"not found".to_vec()),
            }
        };
        state.in_flight.fetch_sub(1, Ordering::SeqCst);
        let reason = match status {
            200 => "OK",
            404 => "Not Found",
            429 => "Too Many Requests",
            _ => "Service Unavailable",
        };
        let head = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\nContent-Type: application/json\r\n\r\n",
            payload.len()
        );
        if out.write_all(head.as_bytes()).is_err() || out.write_all(&payload).is_err() {
            return;
        }
        let _ = out.flush();
    }
}
