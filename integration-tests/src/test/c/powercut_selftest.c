/*
 * Self-test of the power-cut simulator (powercut.c): each case prepares files, takes a baseline, runs its writes in a
 * child process with the shim preloaded, kills the child with SIGKILL, restores with the tool and checks what is left.
 *
 *   powercut_selftest SHIM.so TOOL WORKDIR      exits 0 when every case passes
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[4096];
static int failures;

#define CHECK(cond)                                                                                                   \
    do {                                                                                                              \
        if (!(cond)) {                                                                                                \
            fprintf(stderr, "child: %s failed: %s\n", #cond, strerror(errno));                                       \
            _exit(1);                                                                                                 \
        }                                                                                                             \
    } while (0)

static const char *at(const char *name) {
    static char path[2][4200];
    static int next;
    char *p = path[next++ % 2];
    snprintf(p, sizeof path[0], "%s/%s", dir, name);
    return p;
}

static void put(const char *name, const char *text) {
    int fd = open(at(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t) strlen(text) && close(fd) == 0);
}

static int create(const char *name, int flags) {
    int fd = open(at(name), O_RDWR | O_CREAT | O_TRUNC | flags, 0644);
    CHECK(fd >= 0);
    return fd;
}

static void say(int fd, const char *text) {
    CHECK(write(fd, text, strlen(text)) == (ssize_t) strlen(text));
}

static void sync_dir(const char *name) {
    int fd = open(name == NULL ? dir : at(name), O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0 && fsync(fd) == 0 && close(fd) == 0);
}

/* The cases: optional setup (before the baseline, no shim), the child's writes, what must be left. */

static void old_a(void) {
    put("a", "old");
}

static void overwrite_a(void) {
    int fd = open(at("a"), O_WRONLY | O_TRUNC);
    CHECK(fd >= 0);
    say(fd, "new");
}

static void write_b(void) {
    say(create("b", 0), "never synced");
}

static void fsync_c(void) {
    int fd = create("c", 0);
    say(fd, "data");
    CHECK(fsync(fd) == 0);
    sync_dir(NULL);
}

static void fdatasync_other_fd(void) {
    int writer = create("d", 0);
    say(writer, "one");
    int syncer = open(at("d"), O_RDONLY);
    CHECK(syncer >= 0 && fdatasync(syncer) == 0);
    sync_dir(NULL);
    say(writer, "two");
}

static void fsync_e_not_dir(void) {
    int fd = create("e", 0);
    say(fd, "synced file, unsynced name");
    CHECK(fsync(fd) == 0);
}

static void old_t(void) {
    put("t", "v1");
}

static void replace_t(int dir_sync) {
    int fd = create("t.tmp", 0);
    say(fd, "v2");
    CHECK(fsync(fd) == 0 && rename(at("t.tmp"), at("t")) == 0);
    if (dir_sync) {
        sync_dir(NULL);
    }
}

static void replace_t_unsynced(void) {
    replace_t(0);
}

static void replace_t_synced(void) {
    replace_t(1);
}

static void unlink_t(void) {
    CHECK(unlink(at("t")) == 0);
}

static void o_dsync_write(void) {
    int fd = create("f", O_DSYNC);
    sync_dir(NULL);
    CHECK(pwrite(fd, "dsync", 5, 0) == 5);
}

static void page_m(void) {
    int fd = open(at("m"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    char zeros[4096] = {0};
    CHECK(fd >= 0 && write(fd, zeros, sizeof zeros) == (ssize_t) sizeof zeros && close(fd) == 0);
}

static char *map_m(void) {
    int fd = open(at("m"), O_RDWR);
    CHECK(fd >= 0);
    char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(p != MAP_FAILED);
    memcpy(p + 100, "mapped", 6);
    return p;
}

static void mmap_no_msync(void) {
    map_m();
}

static void mmap_msync(void) {
    char *p = map_m();
    CHECK(msync(p, 4096, MS_SYNC) == 0);
}

static void mmap_only_new_file(void) {
    int fd = create("shm", 0);
    CHECK(ftruncate(fd, 4096) == 0);
    char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(p != MAP_FAILED);
    memcpy(p, "shared memory", 13);
}

static void fork_then_fsync(void) {
    int fd = create("g", 0);
    say(fd, "forked");
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        CHECK(fsync(fd) == 0);
        sync_dir(NULL);
        _exit(0);
    }
    int status;
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void long_h(void) {
    put("h", "long content");
}

static void truncate_h(void) {
    int fd = open(at("h"), O_WRONLY);
    CHECK(fd >= 0 && ftruncate(fd, 4) == 0);
}

static void sync_everything(void) {
    say(create("i", 0), "sync()");
    sync();
}

static void subdir(int root_sync) {
    CHECK(mkdir(at("sub"), 0755) == 0);
    int fd = create("sub/j", 0);
    say(fd, "in a new directory");
    CHECK(fsync(fd) == 0);
    sync_dir("sub");
    if (root_sync) {
        sync_dir(NULL);
    }
}

static void subdir_unsynced(void) {
    subdir(0);
}

static void subdir_synced(void) {
    subdir(1);
}

static int has(const char *name, const char *text) {
    char buf[8192];
    int fd = open(at(name), O_RDONLY);
    if (fd < 0) {
        return 0;
    }
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    return n == (ssize_t) strlen(text) && memcmp(buf, text, (size_t) n) == 0;
}

static int gone(const char *name) {
    struct stat st;
    return lstat(at(name), &st) != 0 && errno == ENOENT;
}

static int m_has(const char *text) {
    char buf[4096];
    int fd = open(at("m"), O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf);
    if (fd >= 0) {
        close(fd);
    }
    return n == 4096 && (text == NULL ? buf[100] == 0 : memcmp(buf + 100, text, strlen(text)) == 0);
}

static int a_old(void) {
    return has("a", "old");
}

static int b_gone(void) {
    return gone("b");
}

static int c_data(void) {
    return has("c", "data");
}

static int d_one(void) {
    return has("d", "one");
}

static int e_gone(void) {
    return gone("e");
}

static int e_there(void) {
    return has("e", "synced file, unsynced name");
}

static int t_v1(void) {
    return has("t", "v1") && gone("t.tmp");
}

static int t_v2(void) {
    return has("t", "v2") && gone("t.tmp");
}

static int t_kept(void) {
    return has("t", "v1");
}

static int f_dsync(void) {
    return has("f", "dsync");
}

static int m_zero(void) {
    return m_has(NULL);
}

static int m_mapped(void) {
    return m_has("mapped");
}

static int shm_gone(void) {
    return gone("shm");
}

static int g_forked(void) {
    return has("g", "forked");
}

static int h_long(void) {
    return has("h", "long content");
}

static int i_there(void) {
    return has("i", "sync()");
}

static int sub_gone(void) {
    return gone("sub");
}

static int sub_there(void) {
    return has("sub/j", "in a new directory");
}

struct scenario {
    const char *name;
    const char *names_rule;
    void (*setup)(void);
    void (*writes)(void);
    int (*left)(void);
};

static const struct scenario scenarios[] = {
        {"write-without-sync-is-lost", NULL, old_a, overwrite_a, a_old},
        {"new-file-without-sync-vanishes", NULL, NULL, write_b, b_gone},
        {"fsync-survives", NULL, NULL, fsync_c, c_data},
        {"fdatasync-on-one-fd-covers-writes-through-another", NULL, NULL, fdatasync_other_fd, d_one},
        {"fsynced-new-file-needs-its-directory-synced", NULL, NULL, fsync_e_not_dir, e_gone},
        {"linux-rule-fsynced-new-file-keeps-its-name", "linux", NULL, fsync_e_not_dir, e_there},
        {"rename-without-directory-sync-is-lost", NULL, old_t, replace_t_unsynced, t_v1},
        {"rename-with-directory-sync-survives", NULL, old_t, replace_t_synced, t_v2},
        {"unlink-without-directory-sync-is-lost", NULL, old_t, unlink_t, t_kept},
        {"o-dsync-write-survives", NULL, NULL, o_dsync_write, f_dsync},
        {"mmap-write-without-msync-is-lost", NULL, page_m, mmap_no_msync, m_zero},
        {"mmap-write-with-msync-survives", NULL, page_m, mmap_msync, m_mapped},
        {"mmap-only-new-file-vanishes", NULL, NULL, mmap_only_new_file, shm_gone},
        {"fsync-in-forked-child-survives", NULL, NULL, fork_then_fsync, g_forked},
        {"truncate-without-sync-is-lost", NULL, long_h, truncate_h, h_long},
        {"sync-makes-everything-durable", NULL, NULL, sync_everything, i_there},
        {"new-directory-needs-its-parent-synced", NULL, NULL, subdir_unsynced, sub_gone},
        {"new-directory-with-parent-synced-survives", NULL, NULL, subdir_synced, sub_there},
};

static int run(char *const argv[], char *const env[]) {
    pid_t pid = fork();
    if (pid == 0) {
        execve(argv[0], argv, env);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    return status;
}

int main(int argc, char **argv) {
    size_t count = sizeof scenarios / sizeof scenarios[0];
    if (argc == 4 && strcmp(argv[1], "--child") == 0) {
        snprintf(dir, sizeof dir, "%s", argv[3]);
        for (size_t i = 0; i < count; i++) {
            if (strcmp(scenarios[i].name, argv[2]) == 0) {
                scenarios[i].writes();
                raise(SIGKILL); /* the power cut: nothing after the writes reaches the disk unless synced */
            }
        }
        return 2;
    }
    if (argc != 4) {
        fprintf(stderr, "usage: %s SHIM.so TOOL WORKDIR\n", argv[0]);
        return 2;
    }
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n < 0) {
        return 2;
    }
    self[n] = '\0';
    for (size_t i = 0; i < count; i++) {
        const struct scenario *s = &scenarios[i];
        char store[4200], preload[4200], powercut_dir[4200], powercut_store[4200], names[64];
        snprintf(dir, sizeof dir, "%s/%s/data", argv[3], s->name);
        snprintf(store, sizeof store, "%s/%s/store", argv[3], s->name);
        char parent[4200];
        snprintf(parent, sizeof parent, "%s/%s", argv[3], s->name);
        if ((mkdir(parent, 0755) != 0 && errno != EEXIST) || mkdir(dir, 0755) != 0) {
            perror(dir);
            return 2;
        }
        if (s->setup != NULL) {
            s->setup();
        }
        char *empty_env[] = {NULL};
        char *baseline[] = {argv[2], "baseline", dir, store, NULL};
        char *restore[] = {argv[2], "restore", dir, store, NULL};
        snprintf(preload, sizeof preload, "LD_PRELOAD=%s", argv[1]);
        snprintf(powercut_dir, sizeof powercut_dir, "POWERCUT_DIR=%s", dir);
        snprintf(powercut_store, sizeof powercut_store, "POWERCUT_STORE=%s", store);
        snprintf(names, sizeof names, "POWERCUT_NAMES=%s", s->names_rule == NULL ? "posix" : s->names_rule);
        char *child_env[] = {preload, powercut_dir, powercut_store, names, NULL};
        char *child[] = {self, "--child", (char *) s->name, dir, NULL};
        int status = run(baseline, empty_env);
        if (status != 0) {
            fprintf(stderr, "FAIL %s: baseline exited with %d\n", s->name, status);
            failures++;
            continue;
        }
        status = run(child, child_env);
        if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
            fprintf(stderr, "FAIL %s: the writes did not run to the power cut (status %d)\n", s->name, status);
            failures++;
            continue;
        }
        status = run(restore, empty_env);
        if (status != 0) {
            fprintf(stderr, "FAIL %s: restore exited with %d\n", s->name, status);
            failures++;
        } else if (!s->left()) {
            fprintf(stderr, "FAIL %s: not what a power cut leaves\n", s->name);
            failures++;
        } else {
            printf("ok %s\n", s->name);
        }
    }
    printf("%zu cases, %d failed\n", count, failures);
    return failures == 0 ? 0 : 1;
}
