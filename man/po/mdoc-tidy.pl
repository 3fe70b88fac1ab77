#!/usr/bin/perl
# mdoc-tidy.pl PAGE...: rewrites in place the mdoc pages that po4a translated (make man-fr)
# so that they lint as the English sources do. po4a rewraps every paragraph at 76
# characters: a sentence may end mid-line (mandoc: "new sentence, new line", and roff
# then spaces it as within a sentence), a line of accented text may pass 80 bytes, and an
# .It without arguments gets a trailing blank. The text lines of a paragraph are joined,
# cut after each sentence and wrapped again at 80 bytes as mandoc counts them; displays
# (.Bd ... .Ed) are left as they are. A French : ; ? or ! that follows a macro is bound
# to it by an unbreakable space (Ns \~:\&, the \& for mandoc -Tlint), so that no line
# starts with it; but for the macros that enclose their arguments (Ql, Pq...).
use strict;
use warnings;

my $MAX = 80;
# the macros that po4a puts on a line of their own within a paragraph, but those that
# enclose their arguments (Ql, Pq, Dq...): what follows Ns would be enclosed too
my $INLINE = qr/(?:Ad|An|Ar|Cm|Dv|Em|Er|Ev|Fa|Fl|Fn|Ic|Li|Ms|Nm|No|Pa|Sx|Sy|Va|Xr)/;

# width STRING: its length as mandoc measures it, once each character beyond ASCII is
# written as the escape \[uXXXX]
sub width {
	my ($s) = @_;
	my $n = 0;
	$n += ord($_) < 0x80 ? 1 : length(sprintf('\\[u%04X]', ord($_))) for split //, $s;
	return $n;
}

# wrap LINE: LINE cut at blanks into lines of at most $MAX bytes, never before a word that
# roff would read as a request (. or '), after an escaped blank (\ ) or after a word that
# roff would take for the end of a sentence ("learning?)")
sub wrap {
	my ($line) = @_;
	my @out;
	while (width($line) > $MAX) {
		my $cut;
		while ($line =~ /(?<!\\) +(?=[^ .'])/g) {
			my $head = substr($line, 0, $-[0]);
			last if width($head) > $MAX;
			# roff ends a sentence at a line that ends so
			$cut = [$-[0], $+[0]] unless $head =~ /[.!?][)\]"'\x{2019}\x{BB}]*$/;
		}
		last unless $cut;
		push @out, substr($line, 0, $cut->[0]);
		$line = substr($line, $cut->[1]);
	}
	return (@out, $line);
}

for my $file (@ARGV) {
	open my $in, '<:encoding(UTF-8)', $file or die "$file: $!\n";
	my @lines = <$in>;
	close $in;
	my ($display, @text, @out) = (0);
	# the text lines of a paragraph, joined, cut after each sentence: one ends at . ! or ?
	# (French puts a blank before ? and !) and the next one starts with a capital
	my $flush = sub {
		return unless @text;
		my $para = join ' ', @text;
		@text = ();
		push @out, wrap($_) for split /(?<=[.!?])[ ]+(?=[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŒ])/, $para;
	};
	for (@lines) {
		chomp;
		if (/^\.Bd\b/) { $display = 1; }
		elsif (/^\.Ed\b/) { $display = 0; }
		if ($display || /^[.'\s]/ || $_ eq '') {
			$flush->();
			s/[ \t]+$// unless $display;
			push @out, $_;
			next;
		}
		s/[ \t]+$//;
		# French puts a blank before : ; ? and !: after a macro, an unbreakable one
		if (!@text && @out && $out[-1] =~ /^\.$INLINE\b/ && s/^([:;?!])(?: +|$)//) {
			$out[-1] .= " Ns \\~$1\\&";
			next if $_ eq '';
		}
		push @text, $_;
	}
	$flush->();
	open my $out, '>:encoding(UTF-8)', "$file.tmp" or die "$file.tmp: $!\n";
	print $out map { "$_\n" } @out;
	close $out or die "$file.tmp: $!\n";
	rename "$file.tmp", $file or die "$file: $!\n";
}
