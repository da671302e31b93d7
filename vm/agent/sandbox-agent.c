/*
 * sandbox-agent: the guest end of the page's guest channel.
 *
 * It runs on a serial port of its own (never the learner's terminal) and multiplexes
 * byte streams over binary frames:
 *
 *   frame := 0xA5 type:u8 id:u32le len:u32le payload[len]
 *
 * host -> guest                           guest -> host
 *   'O' open stream  "unix:/path" |         'R' ready (id 0, payload: version)
 *       "tcp:host:port"                     'o' opened
 *   'X' exec  argv joined by NUL            'e' error (payload: message)
 *   'D' data (stream / stdin)               'd' data (stream / stdout)
 *   'E' end of input (half close)           's' stderr of an exec
 *   'K' close stream / kill process         'c' stream closed by the guest side
 *   'W' winsize of a tty: "rows cols /dev/x" 'x' exec exited (payload: decimal status)
 *   'P' ping                                'p' pong (echoes the payload)
 *   'Z' reset: close everything (after a snapshot restore)
 *
 * Single-threaded poll() loop; no allocation beyond a fixed table.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define VERSION "sandbox-agent 1"
#define MAGIC 0xA5
#define MAX_CHAN 64
#define MAX_PAYLOAD (64 * 1024)
#define HDR 10

enum kind { FREE = 0, STREAM, PROC };

struct chan {
    enum kind kind;
    uint32_t id;
    int fd_in;   /* we write here: socket or child's stdin */
    int fd_out;  /* we read here: socket or child's stdout */
    int fd_err;  /* child's stderr */
    pid_t pid;
    int status;  /* exit status once reaped */
    int reaped;
};

static struct chan chans[MAX_CHAN];
static int tty = -1;
static int sigpipe_fds[2];

static void write_all(int fd, const void *buf, size_t len) {
    const uint8_t *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) {
                struct pollfd w = {fd, POLLOUT, 0};
                poll(&w, 1, 1000);
                continue;
            }
            return;
        }
        p += n;
        len -= (size_t)n;
    }
}

static void send_frame(uint8_t type, uint32_t id, const void *payload, uint32_t len) {
    uint8_t h[HDR];
    h[0] = MAGIC;
    h[1] = type;
    memcpy(h + 2, &id, 4);
    memcpy(h + 6, &len, 4);
    write_all(tty, h, HDR);
    if (len) write_all(tty, payload, len);
}

static void send_str(uint8_t type, uint32_t id, const char *s) { send_frame(type, id, s, (uint32_t)strlen(s)); }

static struct chan *find(uint32_t id) {
    for (int i = 0; i < MAX_CHAN; i++)
        if (chans[i].kind != FREE && chans[i].id == id) return &chans[i];
    return NULL;
}

static struct chan *alloc_chan(uint32_t id) {
    for (int i = 0; i < MAX_CHAN; i++)
        if (chans[i].kind == FREE) {
            memset(&chans[i], 0, sizeof chans[i]);
            chans[i].id = id;
            chans[i].fd_in = chans[i].fd_out = chans[i].fd_err = -1;
            return &chans[i];
        }
    return NULL;
}

static void close_fd(int *fd) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
}

static void free_chan(struct chan *c, int kill_it) {
    if (c->kind == PROC && !c->reaped && c->pid > 0 && kill_it) kill(-c->pid, SIGKILL);
    if (c->kind == STREAM && c->fd_in >= 0) c->fd_in = -1; /* same fd as fd_out */
    close_fd(&c->fd_in);
    close_fd(&c->fd_out);
    close_fd(&c->fd_err);
    if (c->kind == PROC && !c->reaped && c->pid > 0 && kill_it) waitpid(c->pid, NULL, 0);
    c->kind = FREE;
}

static int connect_addr(const char *addr, char *err, size_t errlen) {
    int fd = -1;
    if (strncmp(addr, "unix:", 5) == 0) {
        struct sockaddr_un sa = {0};
        sa.sun_family = AF_UNIX;
        strncpy(sa.sun_path, addr + 5, sizeof sa.sun_path - 1);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) return fd;
    } else if (strncmp(addr, "tcp:", 4) == 0) {
        char host[256];
        strncpy(host, addr + 4, sizeof host - 1);
        host[sizeof host - 1] = 0;
        char *colon = strrchr(host, ':');
        if (!colon) {
            snprintf(err, errlen, "bad address %s", addr);
            return -1;
        }
        *colon = 0;
        struct addrinfo hints = {0}, *res = NULL;
        hints.ai_family = AF_INET;
        hints.ai_socktype = SOCK_STREAM;
        int rc = getaddrinfo(host, colon + 1, &hints, &res);
        if (rc != 0) {
            snprintf(err, errlen, "resolve %s: %s", host, gai_strerror(rc));
            return -1;
        }
        fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd >= 0 && connect(fd, res->ai_addr, res->ai_addrlen) == 0) {
            freeaddrinfo(res);
            return fd;
        }
        freeaddrinfo(res);
    } else {
        snprintf(err, errlen, "bad address %s", addr);
        return -1;
    }
    snprintf(err, errlen, "connect %s: %s", addr, strerror(errno));
    if (fd >= 0) close(fd);
    return -1;
}

static void do_open(uint32_t id, char *payload) {
    char err[300];
    struct chan *c = alloc_chan(id);
    if (!c) {
        send_str('e', id, "too many channels");
        return;
    }
    int fd = connect_addr(payload, err, sizeof err);
    if (fd < 0) {
        send_str('e', id, err);
        return;
    }
    c->kind = STREAM;
    c->fd_in = c->fd_out = fd;
    send_frame('o', id, NULL, 0);
}

static void do_exec(uint32_t id, char *payload, uint32_t len) {
    char *argv[64];
    int argc = 0;
    for (uint32_t i = 0; i < len && argc < 63;) {
        argv[argc++] = payload + i;
        i += (uint32_t)strlen(payload + i) + 1;
    }
    argv[argc] = NULL;
    if (argc == 0) {
        send_str('e', id, "empty argv");
        return;
    }
    struct chan *c = alloc_chan(id);
    if (!c) {
        send_str('e', id, "too many channels");
        return;
    }
    int in[2], out[2], er[2];
    if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(er, O_CLOEXEC)) {
        send_str('e', id, strerror(errno));
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        setsid();
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(er[1], 2);
        signal(SIGPIPE, SIG_DFL);
        signal(SIGCHLD, SIG_DFL);
        execvp(argv[0], argv);
        dprintf(2, "exec %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(er[1]);
    if (pid < 0) {
        close(in[1]);
        close(out[0]);
        close(er[0]);
        send_str('e', id, strerror(errno));
        return;
    }
    c->kind = PROC;
    c->pid = pid;
    c->fd_in = in[1];
    c->fd_out = out[0];
    c->fd_err = er[0];
    fcntl(c->fd_in, F_SETFL, O_NONBLOCK);
    send_frame('o', id, NULL, 0);
}

static void do_winsize(char *payload) {
    unsigned rows = 0, cols = 0;
    char dev[64] = "/dev/ttyS0";
    sscanf(payload, "%u %u %63s", &rows, &cols, dev);
    if (!rows || !cols || strncmp(dev, "/dev/", 5) != 0) return;
    int fd = open(dev, O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) return;
    struct winsize ws = {0};
    ws.ws_row = (unsigned short)rows;
    ws.ws_col = (unsigned short)cols;
    ioctl(fd, TIOCSWINSZ, &ws);
    close(fd);
}

static void reset_all(void) {
    for (int i = 0; i < MAX_CHAN; i++)
        if (chans[i].kind != FREE) free_chan(&chans[i], 1);
}

static void handle_frame(uint8_t type, uint32_t id, uint8_t *payload, uint32_t len) {
    struct chan *c;
    payload[len] = 0; /* buffer has room for it */
    switch (type) {
    case 'O': do_open(id, (char *)payload); break;
    case 'X': do_exec(id, (char *)payload, len); break;
    case 'D':
        c = find(id);
        if (c && c->fd_in >= 0) write_all(c->fd_in, payload, len);
        break;
    case 'E':
        c = find(id);
        if (!c) break;
        if (c->kind == STREAM) shutdown(c->fd_in, SHUT_WR);
        else close_fd(&c->fd_in);
        break;
    case 'K':
        c = find(id);
        if (c) free_chan(c, 1);
        break;
    case 'W': do_winsize((char *)payload); break;
    case 'P': send_frame('p', id, payload, len); break;
    case 'Z':
        reset_all();
        send_str('R', 0, VERSION);
        break;
    default: break;
    }
}

static void on_sigchld(int sig) {
    (void)sig;
    int saved = errno;
    if (write(sigpipe_fds[1], "c", 1) < 0) { /* nothing to do */ }
    errno = saved;
}

static void reap(void) {
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        for (int i = 0; i < MAX_CHAN; i++)
            if (chans[i].kind == PROC && chans[i].pid == pid) {
                chans[i].reaped = 1;
                chans[i].status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
    }
}

/* An exec is finished when its output pipes are drained and it has been reaped. */
static void finish_procs(void) {
    for (int i = 0; i < MAX_CHAN; i++) {
        struct chan *c = &chans[i];
        if (c->kind == PROC && c->reaped && c->fd_out < 0 && c->fd_err < 0) {
            char buf[16];
            snprintf(buf, sizeof buf, "%d", c->status);
            send_str('x', c->id, buf);
            free_chan(c, 0);
        }
    }
}

static void setup_tty(const char *path) {
    tty = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (tty < 0) {
        perror(path);
        exit(1);
    }
    struct termios t;
    if (tcgetattr(tty, &t) == 0) {
        cfmakeraw(&t);
        t.c_cflag |= CLOCAL | CREAD;
        t.c_cflag &= ~CRTSCTS;
        cfsetspeed(&t, B115200);
        tcsetattr(tty, TCSANOW, &t);
    }
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "/dev/ttyS1";
    setup_tty(path);
    /* what a root login shell would have: programs run for the page see the same system as the learner */
    setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
    setenv("HOME", "/root", 1);
    setenv("LANG", "C.UTF-8", 1);
    if (chdir("/root") != 0) { /* keep / */ }
    signal(SIGPIPE, SIG_IGN);
    if (pipe2(sigpipe_fds, O_CLOEXEC | O_NONBLOCK)) return 1;
    struct sigaction sa = {0};
    sa.sa_handler = on_sigchld;
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, NULL);

    static uint8_t inbuf[HDR + MAX_PAYLOAD + 1];
    static uint8_t iobuf[16384];
    size_t have = 0;
    send_str('R', 0, VERSION);

    for (;;) {
        struct pollfd pfd[2 + 2 * MAX_CHAN];
        struct chan *owner[2 + 2 * MAX_CHAN];
        int which[2 + 2 * MAX_CHAN];
        int n = 0;
        pfd[n] = (struct pollfd){tty, POLLIN, 0}; owner[n] = NULL; which[n++] = 0;
        pfd[n] = (struct pollfd){sigpipe_fds[0], POLLIN, 0}; owner[n] = NULL; which[n++] = 0;
        for (int i = 0; i < MAX_CHAN; i++) {
            struct chan *c = &chans[i];
            if (c->kind == FREE) continue;
            if (c->fd_out >= 0) { pfd[n] = (struct pollfd){c->fd_out, POLLIN, 0}; owner[n] = c; which[n++] = 1; }
            if (c->fd_err >= 0) { pfd[n] = (struct pollfd){c->fd_err, POLLIN, 0}; owner[n] = c; which[n++] = 2; }
        }
        int r = poll(pfd, (nfds_t)n, -1);
        if (r < 0 && errno != EINTR) return 1;
        if (r <= 0) continue;

        if (pfd[1].revents & POLLIN) {
            char drain[64];
            while (read(sigpipe_fds[0], drain, sizeof drain) > 0) {}
            reap();
        }
        for (int k = 2; k < n; k++) {
            if (!pfd[k].revents) continue;
            struct chan *c = owner[k];
            if (c->kind == FREE) continue;
            int *fdp = which[k] == 1 ? &c->fd_out : &c->fd_err;
            if (*fdp < 0) continue;
            ssize_t got = read(*fdp, iobuf, sizeof iobuf);
            if (got > 0) {
                send_frame(which[k] == 1 ? 'd' : 's', c->id, iobuf, (uint32_t)got);
            } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
                if (c->kind == STREAM) {
                    send_frame('c', c->id, NULL, 0);
                    free_chan(c, 0);
                } else {
                    close_fd(fdp);
                }
            }
        }
        if (pfd[0].revents & POLLIN) {
            ssize_t got = read(tty, inbuf + have, sizeof inbuf - 1 - have);
            if (got > 0) have += (size_t)got;
            /* parse complete frames; resynchronise on the magic byte */
            size_t off = 0;
            for (;;) {
                while (off < have && inbuf[off] != MAGIC) off++;
                if (have - off < HDR) break;
                uint32_t id, len;
                memcpy(&id, inbuf + off + 2, 4);
                memcpy(&len, inbuf + off + 6, 4);
                if (len > MAX_PAYLOAD) { off++; continue; }
                if (have - off < HDR + len) break;
                uint8_t type = inbuf[off + 1];
                uint8_t saved = inbuf[off + HDR + len];
                handle_frame(type, id, inbuf + off + HDR, len);
                inbuf[off + HDR + len] = saved;
                off += HDR + len;
            }
            memmove(inbuf, inbuf + off, have - off);
            have -= off;
        }
        reap();
        finish_procs();
    }
}
