/* What the gate's parent (mailgate.c) and its session processes (mailgate_session.c) share. */
#pragma once
#include <netinet/in.h>
#include <sys/types.h>

#include "sanitize/mailgate.h"

/* One pre-forked session process as the parent sees it. */
typedef struct GateSession {
    pid_t pid;
    int ctl;   /* the parent's end of a SOCK_SEQPACKET pair: connections out, "idle" back */
    bool busy; /* serving a connection */
} GateSession;

/* An accepted connection waiting for a session to finish its previous one. */
typedef struct GateWaiting {
    int fd;
    struct sockaddr_in peer;
    double since_ms;
} GateWaiting;

struct Mailgate {
    MailgateConfig cfg;
    int listen_fd;
    unsigned port;
    char next_host[64];
    unsigned next_port;
    GateSession *sessions; /* at most cfg.max_clients */
    unsigned n_sessions;
    GateWaiting *waiting; /* at most cfg.max_clients */
    unsigned n_waiting;
};

/* In a freshly forked session process: serves the connections the parent passes over ctl until
 * the parent closes it, then stops its sandbox workers and exits. */
_Noreturn void mailgate_session_main(Mailgate *g, int ctl);
/* In the parent: hands an accepted connection (and its peer address) to a session. */
bool mailgate_pass_connection(int ctl, int fd, const struct sockaddr_in *peer);
