"""Loopback HTTP/1.x and TLS traffic for FidelityIT: a raw-socket server and clients that
write heads the way real networks show them (split, byte-wise, bare LF, long, pipelined,
100-continue, chunked, HTTP/1.0, absolute-form, IPv6, half-closed) and ClientHellos, whole
and split across two sends. Usage: traffic.py PORT; HTTP on 127.0.0.1 and ::1, TLS on
127.0.0.2, all on PORT (one port filter keeps everything else out); prints "done" at the end."""
import socket, ssl, subprocess, sys, threading, time

PORT = int(sys.argv[1])
TLS_HOST = "127.0.0.2"


def head_end(buf):
    for sep in (b"\r\n\r\n", b"\n\n", b"\n\r\n"):
        i = buf.find(sep)
        if i >= 0:
            return i + len(sep)
    return -1


def serve_http(conn):
    buf = b""
    with conn:
        while True:
            out = b""
            while True:
                end = head_end(buf)
                if end < 0:
                    break
                head = buf[:end].decode("latin-1")
                lines = head.replace("\r\n", "\n").split("\n")
                fields = {l.split(":", 1)[0].strip().lower(): l.split(":", 1)[1].strip() for l in lines[1:] if ":" in l}
                if fields.get("expect", "").lower() == "100-continue":
                    conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
                rest = buf[end:]
                if fields.get("transfer-encoding", "").lower() == "chunked":
                    while b"0\r\n\r\n" not in rest:
                        rest += conn.recv(65536)
                    rest = rest[rest.index(b"0\r\n\r\n") + 5:]
                else:
                    n = int(fields.get("content-length", "0"))
                    while len(rest) < n:
                        rest += conn.recv(65536)
                    rest = rest[n:]
                buf = rest
                version = lines[0].rsplit(" ", 1)[-1]
                out += (version + " 200 OK\r\nContent-Length: 2\r\n\r\nok").encode()
                if version == "HTTP/1.0" or fields.get("connection", "").lower() == "close":
                    conn.sendall(out)
                    return
            if out:
                conn.sendall(out)  # every response to what one read brought, in one write
            data = conn.recv(65536)
            if not data:
                return
            buf += data


def serve_tls(conn):
    with conn:
        while conn.recv(65536):
            pass


def listen(family, host, port, handler):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port))
    s.listen(64)

    def loop():
        while True:
            c, _ = s.accept()
            threading.Thread(target=handler, args=(c,), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()


def client(family=socket.AF_INET, host="127.0.0.1", port=PORT):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.connect((host, port))
    return s


def read_responses(s, n):
    """Reads until n responses (each 'Content-Length: 2') and any 100 Continue are in."""
    data = b""
    while data.count(b"\r\n\r\nok") < n:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def exchange(pieces, responses=1, gap=0.005, **kw):
    s = client(**kw)
    for p in pieces:
        s.sendall(p)
        time.sleep(gap)
    read_responses(s, responses)
    s.close()


def hello(server_name):
    ctx = ssl.create_default_context()
    ctx.set_alpn_protocols(["h2", "http/1.1"])
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = ctx.wrap_bio(incoming, outgoing, server_hostname=server_name)
    try:
        tls.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


listen(socket.AF_INET, "127.0.0.1", PORT, serve_http)
listen(socket.AF_INET6, "::1", PORT, serve_http)
listen(socket.AF_INET, TLS_HOST, PORT, serve_tls)
time.sleep(0.2)

H = "Host: fidelity.test\r\n"
base = "http://127.0.0.1:%d" % PORT
subprocess.run(["curl", "-s", "-o", "/dev/null", base + "/curl"], check=True)
subprocess.run(["curl", "-s", "-o", "/dev/null", "-X", "PROPFIND", "-H", "Depth: 1", base + "/dav/"], check=True)
exchange([("FOO /custom HTTP/1.1\r\n" + H + "\r\n").encode()])
exchange([("PURGE /cache HTTP/1.1\r\n" + H + "\r\n").encode()])
exchange([("get /lowercase HTTP/1.1\r\n" + H + "\r\n").encode()])
exchange([b"GE", ("T /split-method HTTP/1.1\r\n" + H + "\r\n").encode()])
exchange([b"G", ("ET /first-write-short HTTP/1.1\r\n" + H + "\r\n").encode()])
exchange([bytes([c]) for c in ("GET /bytewise HTTP/1.1\r\n" + H + "\r\n").encode()], gap=0.001)
exchange([("GET /" + "t" * 2026 + " HTTP/1.1\r\n" + H + "\r\n").encode()])
exchange([("GET /late-host HTTP/1.1\r\n" + "".join("X-Pad-%d: %s\r\n" % (i, "p" * 90) for i in range(110))
           + "Host: late.test\r\n\r\n").encode()])
exchange([b"GET /bare-lf HTTP/1.1\nHost: lf.test\nAccept: */*\n\n"])
exchange([("GET /pipe1 HTTP/1.1\r\n" + H + "\r\nGET /pipe2 HTTP/1.1\r\n" + H + "\r\nGET /pipe3 HTTP/1.1\r\n"
           + H + "\r\n").encode()], responses=3)
s = client()
s.sendall(("POST /continue HTTP/1.1\r\n" + H + "Content-Length: 5\r\nExpect: 100-continue\r\n\r\n").encode())
s.recv(100)
s.sendall(b"hello")
read_responses(s, 1)
s.close()
exchange([("POST /chunked HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n").encode(),
          b"21\r\nGET /in-body HTTP/1.1\r\nHost: x\r\n\r\n\r\n", b"0\r\n\r\n"])
exchange([("GET /http10 HTTP/1.0\r\n" + H + "\r\n").encode()])
exchange([("GET http://fidelity.test/absolute HTTP/1.1\r\n" + H + "\r\n").encode()])
exchange([("GET /six HTTP/1.1\r\n" + H + "\r\n").encode()], family=socket.AF_INET6, host="::1")
s = client()
s.sendall(("GET /half-closed HTTP/1.1\r\n" + H + "Connection: close\r\n\r\n").encode())
s.shutdown(socket.SHUT_WR)
time.sleep(0.05)
read_responses(s, 1)
s.close()

whole, split = hello("whole.sni.test"), hello("split.sni.test")
s = client(host=TLS_HOST)
s.sendall(whole)
s.close()
s = client(host=TLS_HOST)
s.sendall(split[:40])
time.sleep(0.01)
s.sendall(split[40:])
s.close()
time.sleep(0.2)
print("done", flush=True)
