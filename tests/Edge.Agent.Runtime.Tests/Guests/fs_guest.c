/* A guest for the volume tests: filesystem calls a preopened directory allows, and the
   ones it must refuse. argv[1] picks the scenario; each check prints "ok NAME" or
   "FAIL NAME: detail", and the exit code is the number of failures. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *name, const char *detail) {
    if (ok) {
        printf("ok %s\n", name);
    } else {
        failures++;
        printf("FAIL %s: %s (errno %d %s)\n", name, detail, errno, strerror(errno));
    }
}

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int read_file(const char *path, char *buffer, size_t size) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buffer, size - 1);
    close(fd);
    if (n < 0) return -1;
    buffer[n] = 0;
    return (int)n;
}

/* The WASI test suite's filesystem cases a preopened directory allows, in our own words. */
static void suite(const char *root) {
    char path[256], other[256], buffer[64];
    snprintf(path, sizeof path, "%s/file.txt", root);
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0644);
    check(fd >= 0, "create_exclusive", "open O_CREAT|O_EXCL");
    check(write(fd, "hello volume", 12) == 12, "write", "write 12 bytes");
    check(lseek(fd, 6, SEEK_SET) == 6, "seek_set", "lseek to 6");
    ssize_t n = read(fd, buffer, 6);
    buffer[n > 0 ? n : 0] = 0;
    check(n == 6 && strcmp(buffer, "volume") == 0, "read_after_seek", buffer);
    check(lseek(fd, 0, SEEK_END) == 12, "seek_end", "lseek to the end");
    check(pwrite(fd, "H", 1, 0) == 1, "pwrite", "pwrite at 0");
    check(ftruncate(fd, 5) == 0, "ftruncate", "truncate to 5");
    struct stat st;
    check(fstat(fd, &st) == 0 && st.st_size == 5 && S_ISREG(st.st_mode), "fstat", "size 5, a regular file");
    check(close(fd) == 0, "close", "close");
    errno = 0;
    check(open(path, O_RDWR | O_CREAT | O_EXCL, 0644) < 0 && errno == EEXIST, "create_exclusive_exists", "EEXIST expected");
    check(stat(path, &st) == 0 && st.st_size == 5, "stat", "stat by path");
    snprintf(other, sizeof other, "%s/dir", root);
    check(mkdir(other, 0755) == 0, "mkdir", other);
    errno = 0;
    check(mkdir(other, 0755) < 0 && errno == EEXIST, "mkdir_exists", "EEXIST expected");
    snprintf(other, sizeof other, "%s/dir/moved.txt", root);
    check(rename(path, other) == 0, "rename_into_dir", other);
    errno = 0;
    check(stat(path, &st) < 0 && errno == ENOENT, "renamed_source_gone", "ENOENT expected");
    check(read_file(other, buffer, sizeof buffer) == 5 && strcmp(buffer, "Hello") == 0, "read_renamed", buffer);
    snprintf(path, sizeof path, "%s/dir", root);
    errno = 0;
    check(rmdir(path) < 0 && errno == ENOTEMPTY, "rmdir_not_empty", "ENOTEMPTY expected");
    DIR *dir = opendir(path);
    int entries = 0, seen = 0;
    struct dirent *e;
    while (dir && (e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        entries++;
        if (strcmp(e->d_name, "moved.txt") == 0) seen = 1;
    }
    if (dir) closedir(dir);
    check(dir != NULL && entries == 1 && seen, "readdir", "one entry, moved.txt");
    check(unlink(other) == 0, "unlink", other);
    errno = 0;
    check(unlink(other) < 0 && errno == ENOENT, "unlink_missing", "ENOENT expected");
    check(rmdir(path) == 0, "rmdir", path);
    snprintf(path, sizeof path, "%s/append.txt", root);
    write_file(path, "a");
    fd = open(path, O_WRONLY | O_APPEND);
    check(fd >= 0 && write(fd, "b", 1) == 1, "append", "O_APPEND write");
    close(fd);
    check(read_file(path, buffer, sizeof buffer) == 2 && strcmp(buffer, "ab") == 0, "append_read", buffer);
    unlink(path);
    snprintf(path, sizeof path, "%s/inner-link", root);
    check(symlink("target.txt", path) == 0, "symlink_inside", "a relative link inside the volume");
    snprintf(other, sizeof other, "%s/target.txt", root);
    write_file(other, "via link");
    check(read_file(path, buffer, sizeof buffer) == 8 && strcmp(buffer, "via link") == 0, "read_through_inner_link", buffer);
    unlink(path);
    unlink(other);
}

/* Each must fail: nothing outside the guest's own directories is reachable. */
static void escape(const char *root) {
    char path[256], buffer[64];
    snprintf(path, sizeof path, "%s/../../../../../../etc/passwd", root);
    check(read_file(path, buffer, sizeof buffer) < 0, "dotdot_refused", path);
    snprintf(path, sizeof path, "%s/../escape.txt", root);
    check(write_file(path, "x") < 0, "dotdot_write_refused", path);
    check(read_file("/etc/passwd", buffer, sizeof buffer) < 0, "absolute_refused", "/etc/passwd");
    check(write_file("/escape.txt", "x") < 0, "absolute_write_refused", "/escape.txt");
    check(opendir("/") == NULL, "root_refused", "opendir /");
    const char *others = getenv("OTHER");
    if (others) {
        check(read_file(others, buffer, sizeof buffer) < 0, "other_workload_absolute_refused", others);
        snprintf(path, sizeof path, "%s/../../%s", root, getenv("OTHER_RELATIVE"));
        check(read_file(path, buffer, sizeof buffer) < 0, "other_workload_relative_refused", path);
    }
    /* Links the guest makes: made or not, following them never leads out. */
    snprintf(path, sizeof path, "%s/up", root);
    symlink("../../../../../../..", path);
    snprintf(path, sizeof path, "%s/up/etc/passwd", root);
    check(read_file(path, buffer, sizeof buffer) < 0, "symlink_dotdot_refused", path);
    snprintf(path, sizeof path, "%s/abs", root);
    symlink("/etc/passwd", path);
    check(read_file(path, buffer, sizeof buffer) < 0, "symlink_absolute_refused", path);
    snprintf(path, sizeof path, "%s/abswrite", root);
    /* Wasmtime refuses to make a link with an absolute target; were it made, writing through it must fail. */
    int made = symlink(getenv("HOST_TARGET") ? getenv("HOST_TARGET") : "/tmp/edge-escape", path) == 0;
    check(!made || write_file(path, "written through a link") < 0, "symlink_write_refused", path);
    snprintf(path, sizeof path, "%s/updir", root);
    symlink("..", path);
    snprintf(path, sizeof path, "%s/updir/escape.txt", root);
    check(write_file(path, "x") < 0, "symlink_parent_write_refused", path);
    /* A hard link names an existing file: no path outside can be named. */
    snprintf(path, sizeof path, "%s/hard", root);
    check(link("/etc/passwd", path) < 0, "hardlink_absolute_refused", "link /etc/passwd");
    char from[256];
    snprintf(from, sizeof from, "%s/../../../../../../etc/passwd", root);
    check(link(from, path) < 0, "hardlink_dotdot_refused", from);
    const char *ro = getenv("RO_FILE");
    if (ro) {
        snprintf(path, sizeof path, "%s/ro-hard", root);
        int linked = link(ro, path) == 0;
        int wrote = linked && write_file(path, "changed") == 0;
        check(!wrote, "hardlink_from_readonly_not_writable", ro);
        unlink(path);
    }
}

static void readonly(const char *root) {
    char path[256], buffer[64];
    snprintf(path, sizeof path, "%s/seed.txt", root);
    check(read_file(path, buffer, sizeof buffer) > 0, "readonly_read", path);
    check(write_file(path, "changed") < 0, "readonly_overwrite_refused", path);
    snprintf(path, sizeof path, "%s/new.txt", root);
    check(write_file(path, "x") < 0, "readonly_create_refused", path);
    snprintf(path, sizeof path, "%s/seed.txt", root);
    check(unlink(path) < 0, "readonly_unlink_refused", path);
    snprintf(path, sizeof path, "%s/sub", root);
    check(mkdir(path, 0755) < 0, "readonly_mkdir_refused", path);
    char to[256];
    snprintf(path, sizeof path, "%s/seed.txt", root);
    snprintf(to, sizeof to, "%s/renamed.txt", root);
    check(rename(path, to) < 0, "readonly_rename_refused", path);
}

/* Adds one to the number in PATH (0 when absent) and prints it. */
static int counter(const char *path) {
    char buffer[32] = "0";
    read_file(path, buffer, sizeof buffer);
    long value = atol(buffer) + 1;
    snprintf(buffer, sizeof buffer, "%ld", value);
    if (write_file(path, buffer) != 0) {
        printf("cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    printf("%ld\n", value);
    return 0;
}

/* Writes N bytes to PATH. */
static int fill(const char *path, long bytes) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) { printf("cannot open %s: %s\n", path, strerror(errno)); return 1; }
    static char block[4096];
    memset(block, 'x', sizeof block);
    while (bytes > 0) {
        long n = bytes < (long)sizeof block ? bytes : (long)sizeof block;
        if (write(fd, block, n) != n) { printf("write: %s\n", strerror(errno)); close(fd); return 1; }
        bytes -= n;
    }
    close(fd);
    printf("wrote\n");
    return 0;
}

/* Counts the entries of DIR, then leaves a file in it. */
static int scratch(const char *root) {
    DIR *dir = opendir(root);
    int entries = 0;
    struct dirent *e;
    while (dir && (e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) entries++;
    }
    if (dir) closedir(dir);
    char path[256];
    snprintf(path, sizeof path, "%s/left-%d.txt", root, entries);
    write_file(path, "left behind");
    printf("%d\n", entries);
    return dir ? 0 : 1;
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "suite";
    const char *root = argc > 2 ? argv[2] : "/data";
    if (strcmp(mode, "suite") == 0) suite(root);
    else if (strcmp(mode, "escape") == 0) escape(root);
    else if (strcmp(mode, "readonly") == 0) readonly(root);
    else if (strcmp(mode, "counter") == 0) return counter(root);
    else if (strcmp(mode, "fill") == 0) return fill(root, argc > 3 ? atol(argv[3]) : 0);
    else if (strcmp(mode, "scratch") == 0) return scratch(root);
    else if (strcmp(mode, "flood") == 0) {
        /* Writes N bytes, then spins: only the runtime can end it before its timeout. */
        fill(root, argc > 3 ? atol(argv[3]) : 0);
        fflush(stdout);
        for (volatile unsigned long i = 0;; i++) {
        }
    }
    else if (strcmp(mode, "cat") == 0) {
        char buffer[256];
        ssize_t n;
        while ((n = read(0, buffer, sizeof buffer)) > 0) fwrite(buffer, 1, (size_t)n, stdout);
        fprintf(stderr, "done\n");
        return 0;
    }
    else { printf("unknown mode %s\n", mode); return 100; }
    return failures;
}
