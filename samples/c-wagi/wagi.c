/* A plain WASI command in C, run by Edge in the WAGI style: request metadata
 * in environment variables, the body on stdin, a CGI response on stdout.
 * Nothing Edge-specific: the same program runs under wasmtime or WAGI.
 * Build: clang-14 --target=wasm32-wasi -O2 -o wagi.wasm wagi.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

static const char *env_or(const char *name, const char *fallback) {
    const char *value = getenv(name);
    return value != NULL ? value : fallback;
}

int main(void) {
    char body[4096];
    size_t length = fread(body, 1, sizeof body - 1, stdin);
    body[length] = '\0';

    const char *trigger = env_or("EDGE_TRIGGER", "once");
    size_t words = 0;
    int in_word = 0;
    for (size_t i = 0; i < length; i++) {
        if (isspace((unsigned char)body[i])) {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            words++;
        }
    }

    if (strcmp(trigger, "http") == 0) {
        printf("Content-Type: application/json\n\n");
    }

    printf("{\"trigger\":\"%s\",\"method\":\"%s\",\"path\":\"%s\",\"query\":\"%s\",\"bytes\":%zu,\"words\":%zu}\n",
           trigger, env_or("REQUEST_METHOD", ""), env_or("PATH_INFO", ""), env_or("QUERY_STRING", ""), length, words);
    return 0;
}
