/*
 * embed: writes a C file holding the given files as byte arrays, with a table
 * `embedded_files` of {name, data, size}. The name is the path's last component
 * prefixed by its folder ("sample/a.md", "static/site.css").
 */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	printf("#include <stddef.h>\n#include \"embedded.h\"\n");
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			return 1;
		}
		printf("static const unsigned char f%d[] = {", i);
		int c;
		size_t n = 0;
		while ((c = fgetc(f)) != EOF) {
			printf("%s%d", n == 0 ? "\n" : n % 32 ? "," : ",\n", c);
			n++;
		}
		printf("%s0};\n", n ? "," : "");
		fclose(f);
	}
	printf("const struct embedded_file embedded_files[] = {\n");
	for (int i = 1; i < argc; i++) {
		const char *p = argv[i];
		const char *slash = strrchr(p, '/');
		const char *dir = p;
		/* keep "folder/name" only */
		if (slash) {
			const char *prev = slash;
			while (prev > p && prev[-1] != '/')
				prev--;
			dir = prev;
		}
		printf("\t{\"%s\", (const char *)f%d, sizeof(f%d) - 1},\n", dir, i, i);
	}
	printf("\t{NULL, NULL, 0}\n};\n");
	return 0;
}
