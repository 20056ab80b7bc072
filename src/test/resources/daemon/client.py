"""A netjfr daemon client without a JVM, for tests: python3 client.py SOCKET MODE.

MODE hello: asks for this process's http events, maps the ring it gets (as the agent
does), asks for stats, prints what it got and exits. MODE garbage: sends a line that is
no request and prints the daemon's answer. MODE hold: like hello, then waits for a line on
stdin before exiting.
"""
import mmap
import os
import socket
import sys

path, mode = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(path)
if mode == "garbage":
    s.sendall(b"\x00\xffGET / HTTP/1.1 " + b"A" * 300 + b"\n")
    print(s.recv(1024).decode(errors="replace").strip())
    sys.exit(0)
st = os.stat("/proc/self/ns/pid")
s.sendall(f"hello 2 scope=jvm hooks=http pidns={st.st_dev}:{st.st_ino}\n".encode())
msg, fds, _, _ = socket.recv_fds(s, 1024, 1)
line = msg.decode().strip()
if not fds:
    print(line)
    sys.exit(1)
size = int(line.split()[1].split("=")[1])
consumer = mmap.mmap(fds[0], mmap.PAGESIZE, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE, offset=0)
data = mmap.mmap(fds[0], mmap.PAGESIZE + 2 * size, mmap.MAP_SHARED, mmap.PROT_READ, offset=mmap.PAGESIZE)
s.sendall(b"stats\n")
print(line, "|", s.recv(1024).decode().strip(), flush=True)
if mode == "hold":
    sys.stdin.readline()
