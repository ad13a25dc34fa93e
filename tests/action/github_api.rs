//! A fake of the part of GitHub's REST API that the action's comment step uses, on loopback:
//! `GET /user`, `GET /repos/{repo}/pulls/{n}`, `GET` and `POST
//! /repos/{repo}/issues/{n}/comments`, `PATCH /repos/{repo}/issues/comments/{id}`. It keeps
//! the comments in memory and records every request, so that a test sees exactly what the
//! action sent. It stops when dropped, and by itself after a minute at most.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub body: String,
}

impl Request {
    /// `METHOD PATH`, for comparing whole sequences.
    pub fn line(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// The `body` field of a JSON request body.
    pub fn comment_body(&self) -> String {
        let value: Value = serde_json::from_str(&self.body).expect("a JSON request body");
        value["body"].as_str().expect("a body field").to_string()
    }
}

/// What the server holds and how it answers.
#[derive(Debug, Default)]
pub struct State {
    pub requests: Vec<Request>,
    /// The pull request's comments: id, author's login, body.
    pub comments: Vec<(u64, String, String)>,
    /// Answer every request with this status (403: a read-only token).
    pub refuse_with: Option<u16>,
    /// `GET /user` answers with this login; None: 403, as for the workflow's own token.
    pub user: Option<String>,
    /// The head commit of pull request 1.
    pub head_sha: String,
    /// The last comment id handed out (0: start at 1000, so a POST makes 1001).
    pub next_id: u64,
}

pub struct FakeGitHub {
    pub url: String,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl FakeGitHub {
    pub fn start(state: State) -> FakeGitHub {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let next_id = if state.next_id == 0 {
            1000
        } else {
            state.next_id
        };
        let state = Arc::new(Mutex::new(State { next_id, ..state }));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (state, stop) = (state.clone(), stop.clone());
            std::thread::spawn(move || serve(listener, &state, &stop))
        };
        FakeGitHub {
            url,
            state,
            stop,
            thread: Some(thread),
        }
    }

    pub fn requests(&self) -> Vec<Request> {
        self.state.lock().unwrap().requests.clone()
    }

    pub fn lines(&self) -> Vec<String> {
        self.requests().iter().map(Request::line).collect()
    }

    pub fn comments(&self) -> Vec<(u64, String, String)> {
        self.state.lock().unwrap().comments.clone()
    }
}

impl Drop for FakeGitHub {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(listener: TcpListener, state: &Mutex<State>, stop: &AtomicBool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
        match listener.accept() {
            Ok((stream, _)) => {
                let _ = handle(stream, state);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(_) => return,
        }
    }
}

fn handle(stream: TcpStream, state: &Mutex<State>) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let mut length = 0usize;
    let mut authorization = None;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let value = value.trim();
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.parse().unwrap_or(0),
                "authorization" => authorization = Some(value.to_string()),
                _ => {}
            }
        }
    }
    let mut body = vec![0; length.min(8 * 1024 * 1024)];
    reader.read_exact(&mut body)?;
    let request = Request {
        method,
        path,
        authorization,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    let (status, response) = answer(&request, &mut state.lock().unwrap());
    let text = response.to_string();
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        if status < 400 { "OK" } else { "Error" },
        text.len()
    )?;
    stream.flush()
}

fn answer(request: &Request, state: &mut State) -> (u16, Value) {
    state.requests.push(request.clone());
    if let Some(status) = state.refuse_with {
        return (
            status,
            json!({"message": "Resource not accessible by integration"}),
        );
    }
    let path = request.path.split('?').next().unwrap_or_default();
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (request.method.as_str(), segments.as_slice()) {
        ("GET", ["user"]) => match &state.user {
            Some(login) => (200, json!({"login": login})),
            None => (
                403,
                json!({"message": "Resource not accessible by integration"}),
            ),
        },
        ("GET", ["repos", _, _, "pulls", "1"]) => (200, json!({"head": {"sha": state.head_sha}})),
        ("GET", ["repos", _, _, "issues", "1", "comments"]) => {
            let page: usize = query(&request.path, "page").unwrap_or(1);
            let per_page: usize = query(&request.path, "per_page").unwrap_or(30);
            let list: Vec<Value> = state
                .comments
                .iter()
                .skip((page - 1) * per_page)
                .take(per_page)
                .map(|(id, login, body)| json!({"id": id, "user": {"login": login}, "body": body}))
                .collect();
            (200, Value::Array(list))
        }
        ("POST", ["repos", _, _, "issues", "1", "comments"]) => {
            state.next_id += 1;
            let id = state.next_id;
            let body = request.comment_body();
            state
                .comments
                .push((id, "github-actions[bot]".to_string(), body));
            (201, json!({"id": id}))
        }
        ("PATCH", ["repos", _, _, "issues", "comments", id]) => {
            let body = request.comment_body();
            match state
                .comments
                .iter_mut()
                .find(|(c, _, _)| c.to_string() == *id)
            {
                Some(comment) => {
                    comment.2 = body;
                    (200, json!({"id": comment.0}))
                }
                None => (404, json!({"message": "Not Found"})),
            }
        }
        _ => (404, json!({"message": "Not Found"})),
    }
}

fn query(path: &str, name: &str) -> Option<usize> {
    let (_, query) = path.split_once('?')?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
        .and_then(|v| v.parse().ok())
}
