/* <locale.h>: only the "C" locale exists. */
#pragma once
#include "_crt_common.h"

#define LC_ALL 0
#define LC_COLLATE 1
#define LC_CTYPE 2
#define LC_MONETARY 3
#define LC_NUMERIC 4
#define LC_TIME 5

struct lconv {
    char* decimal_point;
    char* thousands_sep;
    char* grouping;
    char* int_curr_symbol;
    char* currency_symbol;
    char* mon_decimal_point;
    char* mon_thousands_sep;
    char* mon_grouping;
    char* positive_sign;
    char* negative_sign;
    char int_frac_digits, frac_digits, p_cs_precedes, p_sep_by_space, n_cs_precedes, n_sep_by_space,
        p_sign_posn, n_sign_posn;
};

_CRT_BEGIN_C
_CRTIMP char* __cdecl setlocale(int category, const char* locale);
_CRTIMP struct lconv* __cdecl localeconv(void);
_CRT_END_C
