# term.gp -- the output of every plot script in analysis/: format and file.
#
# A plot script sets W, H (size in pixels at PNG resolution) and name (its
# own file name without .gp), then loads this file from its own folder.  The
# caller chooses the format with -e "fmt='svg'": png (default; pngcairo when
# available), svg (for the web and the HTML report) or pdf (vector, for
# slides: W x H pixels become W/100 x H/100 inches at 9-point type).  out
# defaults to name.fmt in the current directory.
if (!exists("fmt")) fmt = 'png'
if (!exists("out")) out = name . '.' . fmt
if (fmt eq 'svg') {
    set terminal svg size W,H noenhanced font 'sans,12' background rgb 'white'
} else {
    if (fmt eq 'pdf') {
        set terminal pdfcairo size (W / 100.0),(H / 100.0) noenhanced font 'sans,9'
    } else {
        if (fmt ne 'png') {
            print sprintf("%s.gp: fmt must be png, svg or pdf, got '%s'", name, fmt)
            exit status 2
        }
        if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
            set terminal pngcairo size W,H noenhanced
        } else {
            set terminal png size W,H noenhanced
        }
    }
}
set output out
