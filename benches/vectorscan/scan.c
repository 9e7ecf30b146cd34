/* Scans length-prefixed documents with one Vectorscan database built from a file of expressions
 * (one per line, ASCII case ignored) and prints MB/s and the number of matches. With a third
 * argument, matches also report where they start, as the rule engine's evidence needs. */
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char **read_lines(const char *path, unsigned *count) {
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); exit(2); }
    size_t capacity = 1024;
    char **lines = malloc(sizeof(char *) * capacity);
    char buf[8192];
    *count = 0;
    while (fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\n")] = 0;
        if (!*buf) continue;
        if (*count == capacity) lines = realloc(lines, sizeof(char *) * (capacity *= 2));
        lines[(*count)++] = strdup(buf);
    }
    fclose(f);
    return lines;
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *matches) {
    (void)id; (void)from; (void)to; (void)flags;
    ++*(long *)matches;
    return 0;
}

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: scan EXPRESSIONS CORPUS [som]\n"); return 2; }
    unsigned count;
    char **expressions = read_lines(argv[1], &count);
    unsigned *flags = malloc(sizeof(unsigned) * count), *ids = malloc(sizeof(unsigned) * count);
    for (unsigned i = 0; i < count; i++) {
        flags[i] = HS_FLAG_CASELESS | (argc > 3 ? HS_FLAG_SOM_LEFTMOST : 0);
        ids[i] = i;
    }
    hs_database_t *db;
    hs_compile_error_t *error;
    double started = seconds();
    if (hs_compile_multi((const char *const *)expressions, flags, ids, count, HS_MODE_BLOCK, NULL,
                         &db, &error) != HS_SUCCESS) {
        fprintf(stderr, "expression %d: %s\n", error->expression, error->message);
        return 1;
    }
    printf("  %u expressions compiled in %.0f ms\n", count, (seconds() - started) * 1e3);
    hs_scratch_t *scratch = NULL;
    hs_alloc_scratch(db, &scratch);

    FILE *f = fopen(argv[2], "rb");
    if (!f) { perror(argv[2]); return 2; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc(size);
    if (fread(data, 1, size, f) != (size_t)size) { perror("read"); return 2; }
    fclose(f);

    long matches = 0, bytes = 0;
    started = seconds();
    for (long at = 0; at < size;) {
        unsigned len;
        memcpy(&len, data + at, 4);
        at += 4;
        hs_scan(db, data + at, len, 0, scratch, on_match, &matches);
        at += len;
        bytes += len;
    }
    printf("  %.1f MB/s on one core, %ld matches\n", bytes / 1e6 / (seconds() - started), matches);
    return 0;
}
