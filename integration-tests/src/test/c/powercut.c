/*
 * Power-cut simulator: what a process under POWERCUT_DIR would still have on disk if the power went off now.
 *
 * Built twice from this one file (PowerCut.java does it at test time):
 *   gcc -shared -fPIC -O2 -o powercut.so powercut.c -ldl      the shim, LD_PRELOADed into the processes under test
 *   gcc -O2 -DPOWERCUT_TOOL -o powercut powercut.c            the tool: `powercut baseline|restore DIR STORE`
 *                                                             (and `powercut reap COMMAND...`, see reap())
 *
 * The real files are written as usual; the shim keeps, in a separate store (POWERCUT_STORE, outside POWERCUT_DIR so
 * the process never sees it), the durable state: what a sync made stable.
 *
 *   STORE/files/<inode key>  the content of a file at its last sync. Keyed by inode (number and birth time), not by
 *                            name: a sync covers writes made through any descriptor, in any process, and a file keeps
 *                            its durable content across renames.
 *   STORE/dirs/<inode key>   the entries of a directory at its last sync: "f|d <key> <mode> <uid> <gid> <name>".
 *   STORE/ERRORS             anything the shim failed to record; the tool refuses to restore when it exists.
 *
 * Rules (POSIX, as fsync(2) states them):
 *   - File content becomes durable on a successful fsync or fdatasync of any descriptor of the file (regular files),
 *     on msync(MS_SYNC) of a shared mapping of it (the synced range), on a write to a descriptor opened with O_SYNC or
 *     O_DSYNC, or pwritev2 with RWF_SYNC/RWF_DSYNC (the written range), and on sync() or syncfs() of its file system
 *     (everything). The durable content is then the file's whole current content (the range for msync and O_DSYNC
 *     writes), including writes through mmap: fsync flushes those too.
 *   - Not syncs: write, close, sync_file_range (it flushes no metadata and no disk cache), msync(MS_ASYNC).
 *   - Names are durable only when their directory is synced (fsync or fdatasync of a descriptor of the directory,
 *     sync, syncfs): create, rename, unlink and mkdir change nothing on "disk" until then. A new file that is fsynced
 *     but whose directory never is vanishes. With POWERCUT_NAMES=linux a file's or directory's sync also makes its
 *     current path durable (as ext4, XFS and btrfs do in practice; POSIX does not promise it); old names of a renamed
 *     file are not removed by that rule.
 *   - A name made durable for a file whose data never was is restored as an empty file.
 *   - Only regular files and directories are modelled; symbolic links, sockets and FIFOs are left as they are.
 *   - A sync interrupted by the crash may leave the file partly updated, as a real power cut during fsync may.
 *   - Not seen: io_uring, POSIX AIO (aio_fsync), system calls made without libc, and writes through stdio FILE
 *     streams on O_SYNC descriptors (glibc's internal write does not go through the dynamic symbol).
 *
 * The descriptor's path comes from /proc/self/fd, not a table kept from open(): it is right after fork, exec, dup
 * and in every thread without intercepting any of them. Store updates are serialised with flock, across threads and
 * processes. POWERCUT_LOG=file appends one line per sync the shim recorded (for checking it against strace).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHUNK (1 << 20)
#define KEY_MAX 64

static char root[PATH_MAX];
static size_t root_len;
static char store[PATH_MAX];
static char log_path[PATH_MAX];

/* The shim's own writes never go through its wrappers. */
static ssize_t raw_write(int fd, const void *buf, size_t n) {
    return syscall(SYS_write, fd, buf, n);
}

static ssize_t raw_pwrite(int fd, const void *buf, size_t n, off_t off) {
    return syscall(SYS_pwrite64, fd, buf, n, off);
}

static int write_all(int fd, const char *buf, size_t n, off_t off) {
    while (n > 0) {
        ssize_t w = off < 0 ? raw_write(fd, buf, n) : raw_pwrite(fd, buf, n, off);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        buf += w;
        n -= (size_t) w;
        if (off >= 0) {
            off += w;
        }
    }
    return 0;
}

static void append_line(const char *path, const char *line) {
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
        write_all(fd, line, strlen(line), -1);
        close(fd);
    }
}

/* A failure to record is a failure of the simulator, never silent: stderr and STORE/ERRORS. */
static void fail(const char *what, const char *path) {
    char line[PATH_MAX + 256];
    snprintf(line, sizeof line, "powercut[%d]: %s %s: %s\n", (int) getpid(), what, path, strerror(errno));
    write_all(2, line, strlen(line), -1);
    char errors[PATH_MAX + 16];
    snprintf(errors, sizeof errors, "%s/ERRORS", store);
    append_line(errors, line);
}

static void log_sync(const char *call, const char *path) {
    if (log_path[0] == '\0') {
        return;
    }
    char line[PATH_MAX + 64];
    snprintf(line, sizeof line, "%d %ld %s %s\n", (int) getpid(), (long) syscall(SYS_gettid), call, path);
    append_line(log_path, line);
}

static void configure(const char *dir, const char *store_dir) {
    if (dir == NULL || store_dir == NULL || realpath(dir, root) == NULL) {
        root[0] = '\0';
        root_len = 0;
        return;
    }
    root_len = strlen(root);
    snprintf(store, sizeof store, "%s", store_dir);
}

static int mkdirs(const char *path) {
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p != '\0'; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0700) != 0 && errno != EEXIST) {
                return -1;
            }
            *p = '/';
        }
    }
    return mkdir(buf, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

static int ensure_store(void) {
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/files", store);
    if (mkdirs(path) != 0) {
        fail("cannot create", path);
        return -1;
    }
    snprintf(path, sizeof path, "%s/dirs", store);
    if (mkdirs(path) != 0) {
        fail("cannot create", path);
        return -1;
    }
    return 0;
}

/* Inode number and birth time: an inode number alone is reused once a file is deleted. */
static int stat_key(int dirfd, const char *name, int flags, struct statx *sx, char *key) {
    if (statx(dirfd, name, flags | AT_SYMLINK_NOFOLLOW,
            STATX_TYPE | STATX_MODE | STATX_UID | STATX_GID | STATX_INO | STATX_SIZE | STATX_BTIME, sx) != 0) {
        return -1;
    }
    if (sx->stx_mask & STATX_BTIME) {
        snprintf(key, KEY_MAX, "%llx-%llx.%x", (unsigned long long) sx->stx_ino,
                (unsigned long long) sx->stx_btime.tv_sec, sx->stx_btime.tv_nsec);
    } else {
        snprintf(key, KEY_MAX, "%llx", (unsigned long long) sx->stx_ino);
    }
    return 0;
}

static int lock_store(void) {
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/lock", store);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) {
        fail("cannot lock", path);
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    return fd;
}

/*
 * Makes the bytes [from, from + len) of the file open as fd durable (len < 0: the whole file, and its size). Copies
 * only what differs from the stored content, so that syncing a large, mostly unchanged file (a 16 MiB WAL segment)
 * stays cheap.
 */
static void record_file(int fd, const char *path, off_t from, off_t len) {
    struct statx sx;
    char key[KEY_MAX];
    if (stat_key(fd, "", AT_EMPTY_PATH, &sx, key) != 0) {
        fail("cannot stat", path);
        return;
    }
    if (!S_ISREG(sx.stx_mode) || ensure_store() != 0) {
        return;
    }
    char shadow_path[PATH_MAX + KEY_MAX + 16];
    snprintf(shadow_path, sizeof shadow_path, "%s/files/%s", store, key);
    int shadow = open(shadow_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (shadow < 0) {
        fail("cannot open", shadow_path);
        return;
    }
    int source = -1;
    char *real = NULL;
    char *kept = NULL;
    if (flock(shadow, LOCK_EX) != 0) {
        fail("cannot lock", shadow_path);
        goto out;
    }
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
    source = open(self, O_RDONLY | O_CLOEXEC); /* readable even when fd is write-only */
    struct stat now, before;
    if (source < 0 || fstat(source, &now) != 0 || fstat(shadow, &before) != 0) {
        fail("cannot read", path);
        goto out;
    }
    off_t end = now.st_size;
    off_t size = end;
    if (len >= 0) {
        end = from + len < now.st_size ? from + len : now.st_size;
        size = before.st_size > end ? before.st_size : end;
    } else {
        from = 0;
    }
    if (size != before.st_size && ftruncate(shadow, size) != 0) {
        fail("cannot resize", shadow_path);
        goto out;
    }
    real = malloc(CHUNK);
    kept = malloc(CHUNK);
    if (real == NULL || kept == NULL) {
        errno = ENOMEM;
        fail("cannot copy", path);
        goto out;
    }
    for (off_t at = from; at < end;) {
        size_t want = end - at < CHUNK ? (size_t) (end - at) : CHUNK;
        ssize_t got = pread(source, real, want, at);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            break; /* truncated meanwhile: what is left is what a concurrent truncate leaves */
        }
        ssize_t old = pread(shadow, kept, (size_t) got, at);
        if (old != got || memcmp(real, kept, (size_t) got) != 0) {
            if (write_all(shadow, real, (size_t) got, at) != 0) {
                fail("cannot write", shadow_path);
                goto out;
            }
        }
        at += got;
    }
out:
    free(real);
    free(kept);
    if (source >= 0) {
        close(source);
    }
    close(shadow); /* releases the lock */
}

/* One directory entry as stored: type, key, mode, owner, name. */
static int format_entry(char *line, size_t n, int dirfd, const char *name) {
    struct statx sx;
    char key[KEY_MAX];
    if (strchr(name, '\n') != NULL || stat_key(dirfd, name, 0, &sx, key) != 0) {
        return 0; /* unlisted: a name with a newline, or removed meanwhile */
    }
    char type = S_ISREG(sx.stx_mode) ? 'f' : S_ISDIR(sx.stx_mode) ? 'd' : 0;
    if (type == 0) {
        return 0;
    }
    return snprintf(line, n, "%c %s %o %u %u %s\n", type, key, (unsigned) (sx.stx_mode & 07777), sx.stx_uid,
            sx.stx_gid, name);
}

/* Replaces the stored listing of a directory (by key) with the given text, atomically. */
static int write_listing(const char *key, const char *text, size_t n) {
    char tmp[PATH_MAX + KEY_MAX + 64], final[PATH_MAX + KEY_MAX + 16];
    snprintf(final, sizeof final, "%s/dirs/%s", store, key);
    snprintf(tmp, sizeof tmp, "%s/dirs/.tmp-%d-%ld", store, (int) getpid(), (long) syscall(SYS_gettid));
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || write_all(fd, text, n, -1) != 0 || close(fd) != 0 || rename(tmp, final) != 0) {
        fail("cannot write", final);
        return -1;
    }
    return 0;
}

/* Makes the current entries of the directory at path durable. */
static void record_dir(const char *path) {
    struct statx sx;
    char key[KEY_MAX];
    if (ensure_store() != 0) {
        return;
    }
    int dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0 || stat_key(dirfd, "", AT_EMPTY_PATH, &sx, key) != 0) {
        fail("cannot list", path);
        if (dirfd >= 0) {
            close(dirfd);
        }
        return;
    }
    int lock = lock_store();
    DIR *dir = lock < 0 ? NULL : fdopendir(dirfd);
    if (dir == NULL) {
        close(dirfd);
        if (lock >= 0) {
            close(lock);
        }
        return;
    }
    size_t cap = 4096, n = 0;
    char *text = malloc(cap);
    struct dirent *e;
    while (text != NULL && (e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        char line[NAME_MAX + KEY_MAX + 64];
        int len = format_entry(line, sizeof line, dirfd, e->d_name);
        if (n + len + 1 > cap) {
            char *grown = realloc(text, cap *= 2);
            if (grown == NULL) {
                free(text);
                text = NULL;
                break;
            }
            text = grown;
        }
        memcpy(text + n, line, len);
        n += len;
    }
    if (text == NULL) {
        errno = ENOMEM;
        fail("cannot list", path);
    } else {
        write_listing(key, text, n);
    }
    free(text);
    closedir(dir);
    close(lock);
}

static int sync_one(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void) st;
    (void) ftw;
    if (type == FTW_F) {
        int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0) {
            struct stat now;
            if (fstat(fd, &now) == 0 && S_ISREG(now.st_mode)) {
                record_file(fd, path, 0, -1);
            }
            close(fd);
        }
    } else if (type == FTW_DP) {
        record_dir(path);
    }
    return 0;
}

/* sync() and syncfs(): every file and directory under POWERCUT_DIR. */
static void sync_all(const char *call) {
    if (root_len == 0) {
        return;
    }
    nftw(root, sync_one, 32, FTW_PHYS | FTW_DEPTH | FTW_MOUNT);
    log_sync(call, root);
}

#ifndef POWERCUT_TOOL

static int names_linux;

/* Whether the path is POWERCUT_DIR or below it. */
static int inside(const char *path) {
    return root_len > 0 && strncmp(path, root, root_len) == 0 && (path[root_len] == '\0' || path[root_len] == '/');
}

/* The path of a descriptor, without the " (deleted)" of an unlinked file; 0 when it is inside POWERCUT_DIR. */
static int fd_path(int fd, char *path) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, PATH_MAX - 1);
    if (n < 0) {
        return -1;
    }
    path[n] = '\0';
    const char *deleted = " (deleted)";
    size_t d = strlen(deleted);
    if ((size_t) n > d && strcmp(path + n - d, deleted) == 0) {
        path[n - d] = '\0';
    }
    return inside(path) ? 0 : -1;
}

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off64_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static ssize_t (*real_pwritev)(int, const struct iovec *, int, off_t);
static ssize_t (*real_pwritev64)(int, const struct iovec *, int, off64_t);
static ssize_t (*real_pwritev2)(int, const struct iovec *, int, off_t, int);
static ssize_t (*real_pwritev64v2)(int, const struct iovec *, int, off64_t, int);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_msync)(void *, size_t, int);
static void (*real_sync)(void);
static int (*real_syncfs)(int);

static void resolve(void) {
    if (real_fsync != NULL) {
        return;
    }
    real_write = dlsym(RTLD_NEXT, "write");
    real_pwrite = dlsym(RTLD_NEXT, "pwrite");
    real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
    real_writev = dlsym(RTLD_NEXT, "writev");
    real_pwritev = dlsym(RTLD_NEXT, "pwritev");
    real_pwritev64 = dlsym(RTLD_NEXT, "pwritev64");
    real_pwritev2 = dlsym(RTLD_NEXT, "pwritev2");
    real_pwritev64v2 = dlsym(RTLD_NEXT, "pwritev64v2");
    real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
    real_msync = dlsym(RTLD_NEXT, "msync");
    real_sync = dlsym(RTLD_NEXT, "sync");
    real_syncfs = dlsym(RTLD_NEXT, "syncfs");
    real_fsync = dlsym(RTLD_NEXT, "fsync");
}

/*
 * POWERCUT_NAMES=linux: makes the path durable, each component in its parent's stored listing (added or replaced),
 * as a journaling file system commits the entries with the file's sync.
 */
static void record_path(const char *path) {
    if (strlen(path) <= root_len || ensure_store() != 0) {
        return;
    }
    int lock = lock_store();
    if (lock < 0) {
        return;
    }
    char child[PATH_MAX];
    snprintf(child, sizeof child, "%s", path);
    char *slash;
    while (strlen(child) > root_len && (slash = strrchr(child, '/')) != NULL) {
        *slash = '\0';
        const char *name = slash + 1;
        struct statx sx;
        char key[KEY_MAX];
        int dirfd = open(child, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        char entry[NAME_MAX + KEY_MAX + 64];
        int len = dirfd < 0 ? 0 : format_entry(entry, sizeof entry, dirfd, name);
        if (len <= 0 || stat_key(dirfd, "", AT_EMPTY_PATH, &sx, key) != 0) {
            if (dirfd >= 0) {
                close(dirfd);
            }
            break;
        }
        close(dirfd);
        char listing[PATH_MAX + KEY_MAX + 16];
        snprintf(listing, sizeof listing, "%s/dirs/%s", store, key);
        size_t cap = 4096 + len, n = 0;
        char *text = malloc(cap);
        FILE *in = fopen(listing, "re");
        char line[NAME_MAX + KEY_MAX + 64];
        while (text != NULL && in != NULL && fgets(line, sizeof line, in) != NULL) {
            char type, k[KEY_MAX];
            unsigned mode, uid, gid;
            int at = 0;
            size_t l = strlen(line);
            if (sscanf(line, "%c %63s %o %u %u %n", &type, k, &mode, &uid, &gid, &at) == 5 && at > 0
                    && strncmp(line + at, name, strlen(name)) == 0 && strcmp(line + at + strlen(name), "\n") == 0) {
                continue; /* replaced below */
            }
            if (n + l + len > cap) {
                char *grown = realloc(text, cap = 2 * cap + l);
                if (grown == NULL) {
                    free(text);
                    text = NULL;
                    break;
                }
                text = grown;
            }
            memcpy(text + n, line, l);
            n += l;
        }
        if (in != NULL) {
            fclose(in);
        }
        if (text == NULL) {
            break;
        }
        memcpy(text + n, entry, len);
        n += len;
        write_listing(key, text, n);
        free(text);
    }
    close(lock);
}

/* After a successful sync of fd: records a regular file (range, or whole when len < 0) or a directory. */
static void synced(int fd, const char *call, off_t from, off_t len) {
    char path[PATH_MAX];
    if (root_len == 0 || fd_path(fd, path) != 0) {
        return;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        return;
    }
    if (S_ISREG(st.st_mode)) {
        record_file(fd, path, from, len);
    } else if (S_ISDIR(st.st_mode)) {
        record_dir(path);
    } else {
        return;
    }
    if (names_linux) {
        record_path(path);
    }
    log_sync(call, path);
}

__attribute__((constructor)) static void init(void) {
    resolve();
    configure(getenv("POWERCUT_DIR"), getenv("POWERCUT_STORE"));
    const char *names = getenv("POWERCUT_NAMES");
    names_linux = names != NULL && strcmp(names, "linux") == 0;
    const char *log = getenv("POWERCUT_LOG");
    snprintf(log_path, sizeof log_path, "%s", log == NULL ? "" : log);
}

int fsync(int fd) {
    resolve();
    int rc = real_fsync(fd);
    if (rc == 0) {
        int saved = errno;
        synced(fd, "fsync", 0, -1);
        errno = saved;
    }
    return rc;
}

int fdatasync(int fd) {
    resolve();
    int rc = real_fdatasync(fd);
    if (rc == 0) {
        int saved = errno;
        synced(fd, "fdatasync", 0, -1);
        errno = saved;
    }
    return rc;
}

void sync(void) {
    resolve();
    real_sync();
    int saved = errno;
    sync_all("sync");
    errno = saved;
}

int syncfs(int fd) {
    resolve();
    int rc = real_syncfs(fd);
    struct stat target, mine;
    if (rc == 0 && root_len > 0 && fstat(fd, &target) == 0 && stat(root, &mine) == 0
            && target.st_dev == mine.st_dev) {
        int saved = errno;
        sync_all("syncfs");
        errno = saved;
    }
    return rc;
}

/* Reads the mappings of [addr, addr + len) from /proc/self/maps and records each file range inside POWERCUT_DIR. */
static void msynced(uintptr_t addr, size_t len) {
    int maps = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (maps < 0) {
        return;
    }
    char buf[8192];
    size_t have = 0;
    int eof = 0;
    while (!eof || have > 0) {
        if (!eof) {
            ssize_t got = read(maps, buf + have, sizeof buf - 1 - have);
            eof = got <= 0;
            have += got > 0 ? (size_t) got : 0;
        }
        buf[have] = '\0';
        char *nl = strchr(buf, '\n');
        if (nl == NULL && !eof && have < sizeof buf - 1) {
            continue;
        }
        size_t line_len = nl != NULL ? (size_t) (nl - buf) + 1 : have;
        if (nl != NULL) {
            *nl = '\0';
        }
        unsigned long start, end, offset, inode;
        int path_at = 0;
        if (sscanf(buf, "%lx-%lx %*s %lx %*s %lu %n", &start, &end, &offset, &inode, &path_at) == 4 && path_at > 0
                && start < addr + len && addr < end && inside(buf + path_at)) {
            const char *path = buf + path_at;
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            struct stat st;
            if (fd >= 0 && fstat(fd, &st) == 0 && st.st_ino == inode) {
                uintptr_t from = addr > start ? addr : start;
                uintptr_t to = addr + len < end ? addr + len : end;
                record_file(fd, path, (off_t) (offset + (from - start)), (off_t) (to - from));
                log_sync("msync", path);
            }
            if (fd >= 0) {
                close(fd);
            }
        }
        memmove(buf, buf + line_len, have - line_len);
        have -= line_len;
    }
    close(maps);
}

int msync(void *addr, size_t len, int flags) {
    resolve();
    int rc = real_msync(addr, len, flags);
    if (rc == 0 && (flags & MS_SYNC) && root_len > 0) {
        int saved = errno;
        msynced((uintptr_t) addr, len);
        errno = saved;
    }
    return rc;
}

/* After n > 0 bytes were written at from (from < 0: just before the current offset): O_SYNC/O_DSYNC writes sync. */
static void written(int fd, ssize_t n, off_t from, int flags) {
    if (n <= 0 || root_len == 0) {
        return;
    }
    int saved = errno;
    int fl = fcntl(fd, F_GETFL);
    if ((fl >= 0 && (fl & O_DSYNC)) || (flags & (RWF_DSYNC | RWF_SYNC))) {
        if (from < 0) {
            from = lseek(fd, 0, SEEK_CUR) - n;
        }
        synced(fd, "o_dsync-write", from < 0 ? 0 : from, from < 0 ? -1 : n);
    }
    errno = saved;
}

ssize_t write(int fd, const void *buf, size_t n) {
    resolve();
    ssize_t w = real_write(fd, buf, n);
    written(fd, w, -1, 0);
    return w;
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
    resolve();
    ssize_t w = real_pwrite(fd, buf, n, off);
    written(fd, w, off, 0);
    return w;
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off) {
    resolve();
    ssize_t w = real_pwrite64(fd, buf, n, off);
    written(fd, w, off, 0);
    return w;
}

ssize_t writev(int fd, const struct iovec *iov, int count) {
    resolve();
    ssize_t w = real_writev(fd, iov, count);
    written(fd, w, -1, 0);
    return w;
}

ssize_t pwritev(int fd, const struct iovec *iov, int count, off_t off) {
    resolve();
    ssize_t w = real_pwritev(fd, iov, count, off);
    written(fd, w, off, 0);
    return w;
}

ssize_t pwritev64(int fd, const struct iovec *iov, int count, off64_t off) {
    resolve();
    ssize_t w = real_pwritev64(fd, iov, count, off);
    written(fd, w, off, 0);
    return w;
}

ssize_t pwritev2(int fd, const struct iovec *iov, int count, off_t off, int flags) {
    resolve();
    if (real_pwritev2 == NULL) {
        errno = ENOSYS;
        return -1;
    }
    ssize_t w = real_pwritev2(fd, iov, count, off, flags);
    written(fd, w, off, flags);
    return w;
}

ssize_t pwritev64v2(int fd, const struct iovec *iov, int count, off64_t off, int flags) {
    resolve();
    if (real_pwritev64v2 == NULL) {
        errno = ENOSYS;
        return -1;
    }
    ssize_t w = real_pwritev64v2(fd, iov, count, off, flags);
    written(fd, w, off, flags);
    return w;
}

#else /* POWERCUT_TOOL */

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void) st;
    (void) type;
    (void) ftw;
    return remove(path) != 0 && errno != ENOENT ? -1 : 0;
}

static int remove_tree(const char *path) {
    return nftw(path, remove_one, 32, FTW_DEPTH | FTW_PHYS);
}

/* What a restore did, for its summary. */
static unsigned long restored_files, empty_files, restored_dirs, removed;

struct entry {
    char type;
    char key[KEY_MAX];
    unsigned mode, uid, gid;
    char name[NAME_MAX + 1];
};

/* The stored entries of a directory; none when it was never synced. */
static struct entry *read_listing(const char *key, size_t *count) {
    char path[PATH_MAX + KEY_MAX + 16];
    snprintf(path, sizeof path, "%s/dirs/%s", store, key);
    *count = 0;
    size_t cap = 16;
    struct entry *entries = malloc(cap * sizeof *entries);
    FILE *in = fopen(path, "re");
    if (in == NULL) {
        return entries;
    }
    char line[NAME_MAX + KEY_MAX + 64];
    while (fgets(line, sizeof line, in) != NULL) {
        struct entry e;
        int at = 0;
        line[strcspn(line, "\n")] = '\0';
        if (sscanf(line, "%c %63s %o %u %u %n", &e.type, e.key, &e.mode, &e.uid, &e.gid, &at) != 5 || at == 0) {
            continue;
        }
        snprintf(e.name, sizeof e.name, "%s", line + at);
        if (*count == cap) {
            entries = realloc(entries, (cap *= 2) * sizeof *entries);
        }
        entries[(*count)++] = e;
    }
    fclose(in);
    return entries;
}

static int copy_content(const char *key, const char *path, const struct entry *e) {
    char from[PATH_MAX + KEY_MAX + 16];
    snprintf(from, sizeof from, "%s/files/%s", store, key);
    int out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, e->mode);
    if (out < 0) {
        perror(path);
        return -1;
    }
    int in = open(from, O_RDONLY | O_CLOEXEC);
    restored_files++;
    empty_files += in < 0;
    char *buf = malloc(CHUNK);
    ssize_t n = 0;
    while (in >= 0 && (n = read(in, buf, CHUNK)) > 0) {
        if (write_all(out, buf, (size_t) n, -1) != 0) {
            n = -1;
            break;
        }
    }
    free(buf);
    int rc = n < 0 || fchown(out, e->uid, e->gid) != 0 || fchmod(out, e->mode) != 0 ? -1 : 0;
    if (rc != 0) {
        perror(path);
    }
    if (in >= 0) {
        close(in);
    }
    close(out);
    return rc;
}

/* Makes the directory at path hold exactly its durable entries (key: the directory's inode key). */
static int restore_dir(const char *path, const char *key) {
    size_t count;
    struct entry *entries = read_listing(key, &count);
    int rc = 0;
    DIR *dir = opendir(path);
    struct dirent *d;
    while (dir != NULL && (d = readdir(dir)) != NULL) {
        if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0) {
            continue;
        }
        char child[PATH_MAX];
        snprintf(child, sizeof child, "%s/%s", path, d->d_name);
        struct stat st;
        if (lstat(child, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
            continue; /* not modelled */
        }
        int durable = 0;
        for (size_t i = 0; i < count; i++) {
            if (strcmp(entries[i].name, d->d_name) == 0 && (entries[i].type == 'd') == (S_ISDIR(st.st_mode) != 0)) {
                durable = 1;
            }
        }
        if (!durable) {
            removed++;
            if (remove_tree(child) != 0) {
                perror(child);
                rc = -1;
            }
        }
    }
    if (dir != NULL) {
        closedir(dir);
    }
    for (size_t i = 0; i < count; i++) {
        char child[PATH_MAX];
        snprintf(child, sizeof child, "%s/%s", path, entries[i].name);
        if (entries[i].type == 'f') {
            rc |= copy_content(entries[i].key, child, &entries[i]);
        } else {
            if ((mkdir(child, entries[i].mode) != 0 && errno != EEXIST) || chown(child, entries[i].uid, entries[i].gid)
                    != 0 || chmod(child, entries[i].mode) != 0) {
                perror(child);
                rc = -1;
                continue;
            }
            restored_dirs++;
            rc |= restore_dir(child, entries[i].key);
        }
    }
    free(entries);
    return rc;
}

/*
 * Runs the command as a child subreaper: every process orphaned below it (PostgreSQL's backends once the postmaster is
 * killed) is reaped here, also where PID 1 reaps nothing. Exits with the command's status once all of them are gone.
 */
static int reap(char **command) {
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
        perror("prctl");
        return 2;
    }
    pid_t child = fork();
    if (child == 0) {
        execvp(command[0], command);
        perror(command[0]);
        _exit(127);
    }
    int status, result = 0;
    for (;;) {
        pid_t pid = wait(&status);
        if (pid < 0 && errno == EINTR) {
            continue;
        }
        if (pid < 0) {
            break;
        }
        if (pid == child) {
            result = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
    }
    return result;
}

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "reap") == 0) {
        return reap(argv + 2);
    }
    if (argc != 4 || (strcmp(argv[1], "baseline") != 0 && strcmp(argv[1], "restore") != 0)) {
        fprintf(stderr, "usage: %s baseline|restore DIR STORE | reap COMMAND...\n"
                "  baseline: everything now under DIR is durable (as after sync)\n"
                "  restore:  after the processes writing DIR were killed, make DIR what a power cut would leave\n"
                "  reap:     run COMMAND, reaping every process orphaned below it, until all are gone\n",
                argv[0]);
        return 2;
    }
    configure(argv[2], argv[3]);
    if (root_len == 0) {
        perror(argv[2]);
        return 2;
    }
    char errors[PATH_MAX + 16];
    snprintf(errors, sizeof errors, "%s/ERRORS", store);
    if (strcmp(argv[1], "baseline") == 0) {
        if (ensure_store() != 0) {
            return 1;
        }
        sync_all("baseline");
        return access(errors, F_OK) == 0 ? 1 : 0;
    }
    if (access(errors, F_OK) == 0) {
        fprintf(stderr, "%s exists: the shim failed to record some syncs, so no restore would be right\n", errors);
        return 3;
    }
    struct statx sx;
    char key[KEY_MAX];
    if (stat_key(AT_FDCWD, root, 0, &sx, key) != 0) {
        perror(root);
        return 2;
    }
    int rc = restore_dir(root, key);
    printf("restored %lu files (%lu of them empty: named durably, content never synced) and %lu directories; "
           "removed %lu entries that never reached the disk\n",
            restored_files, empty_files, restored_dirs, removed);
    return rc == 0 ? 0 : 1;
}

#endif
