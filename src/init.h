/* init.h - --init DIR: writes a new book folder that compiles at once (book.yaml, one article,
 * one image).  Called by main.c only. */
#ifndef KAGAMA_INIT_H
#define KAGAMA_INIT_H

/* Creates dir (it may already exist only as an empty folder) holding book.yaml with every key
 * documented, 1-first-article.md and images/example.svg.  Never overwrites a file.  Returns 0,
 * or -1 after reporting through diag_report() (dir in the way) or diag_system() (I/O); on
 * failure the files and folders it made are removed again. */
int init_folder(const char *dir);
/* "book.yaml, 1-first-article.md and images/example.svg": what init_folder writes, for main.c's
 * closing line. */
const char *init_folder_contents(void);

#endif
