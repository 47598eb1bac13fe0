/* A small key-value store that keeps its data in a persistent directory, run by
 * Edge in the WAGI style over HTTP:
 *   GET  /w/kv-store?KEY        prints the value of KEY (404 when absent)
 *   PUT  /w/kv-store?KEY        (body = value) stores it
 *   DELETE /w/kv-store?KEY      removes it
 *   GET  /w/kv-store            lists every key, and how many requests the store has served
 * Each key is one file under /data (the volume's mountPath); a counter file counts
 * the requests, across runs, agent restarts and module upgrades.
 * Nothing Edge-specific: the same program runs under wasmtime --dir /data.
 * Build: ./build.sh (clang-14 --target=wasm32-wasi -O2 -o kv.wasm kv.c) */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROOT "/data"
#define MAX_VALUE 65536

static const char *env_or(const char *name, const char *fallback) {
    const char *value = getenv(name);
    return value != NULL ? value : fallback;
}

static int respond(int status, const char *text) {
    if (status != 200) printf("Status: %d\n", status);
    printf("Content-Type: text/plain\n\n%s", text);
    return 0;
}

/* Keys are letters, digits, '-' and '_': never a path. */
static int valid_key(const char *key) {
    if (key[0] == '\0' || strlen(key) > 64) return 0;
    for (const char *c = key; *c; c++) {
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_')) return 0;
    }
    return 1;
}

static long count_request(void) {
    long count = 0;
    FILE *f = fopen(ROOT "/.requests", "r");
    if (f) {
        if (fscanf(f, "%ld", &count) != 1) count = 0;
        fclose(f);
    }
    count++;
    f = fopen(ROOT "/.requests", "w");
    if (f) {
        fprintf(f, "%ld\n", count);
        fclose(f);
    }
    return count;
}

int main(void) {
    const char *method = env_or("REQUEST_METHOD", "GET");
    const char *key = env_or("QUERY_STRING", "");
    long requests = count_request();
    char path[128];

    if (key[0] == '\0') {
        DIR *dir = opendir(ROOT);
        if (!dir) {
            char text[160];
            snprintf(text, sizeof text, "cannot open %s: %s\n", ROOT, strerror(errno));
            return respond(500, text);
        }
        printf("Content-Type: text/plain\n\n");
        struct dirent *e;
        while ((e = readdir(dir)) != NULL) {
            if (e->d_name[0] != '.') printf("%s\n", e->d_name);
        }
        closedir(dir);
        printf("requests: %ld\n", requests);
        return 0;
    }

    if (!valid_key(key)) return respond(400, "a key is 1-64 letters, digits, '-' or '_'\n");
    snprintf(path, sizeof path, ROOT "/%s", key);

    if (strcmp(method, "PUT") == 0 || strcmp(method, "POST") == 0) {
        static char value[MAX_VALUE];
        size_t length = fread(value, 1, sizeof value, stdin);
        FILE *f = fopen(path, "w");
        if (!f || fwrite(value, 1, length, f) != length || fclose(f) != 0) {
            char text[160];
            snprintf(text, sizeof text, "cannot store %s: %s\n", key, strerror(errno));
            return respond(500, text);
        }
        return respond(200, "stored\n");
    }

    if (strcmp(method, "DELETE") == 0) {
        return unlink(path) == 0 ? respond(200, "deleted\n") : respond(404, "no such key\n");
    }

    FILE *f = fopen(path, "r");
    if (!f) return respond(404, "no such key\n");
    static char value[MAX_VALUE + 1];
    size_t length = fread(value, 1, MAX_VALUE, f);
    fclose(f);
    value[length] = '\0';
    printf("Content-Type: text/plain\n\n%s", value);
    return 0;
}
