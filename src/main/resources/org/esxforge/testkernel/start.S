/* esxforge multiboot (v1) test kernel: entry point. Loaded at 1 MiB by any multiboot loader. */
        .set MB_MAGIC, 0x1BADB002
        .set MB_FLAGS, 0x00000003        /* page-align modules, want memory info */
        .section .multiboot, "a"
        .align 4
        .long MB_MAGIC
        .long MB_FLAGS
        .long -(MB_MAGIC + MB_FLAGS)
        .text
        .globl _start
_start: cli
        mov  $stack_top, %esp
        push %ebx                        /* multiboot info */
        push %eax                        /* 0x2BADB002 */
        call kmain
1:      hlt
        jmp  1b
        .bss
        .align 16
        .skip 65536
stack_top:
        .section .note.GNU-stack,"",@progbits
