// EpubCheckMany.java - runs EPUBCheck (Debian's epubcheck.jar) over many books in one JVM, so the
// test suite can check every book it builds without paying Java's start-up for each one.
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class EpubCheckMany {
	public static void main(String[] args) {
		int failed = 0;
		for (String path : args) {
			DefaultReportImpl report = new DefaultReportImpl(path);
			new EpubCheck(new File(path), report).validate();
			int errors = report.getErrorCount() + report.getFatalErrorCount();
			int warnings = report.getWarningCount();
			System.out.println("epubcheck: " + path + ": " + errors + " errors, " + warnings
			    + " warnings");
			if (errors != 0 || warnings != 0)
				failed++;
		}
		System.out.println("epubcheck: " + (args.length - failed) + " passed, " + failed
		    + " failed");
		System.exit(failed == 0 ? 0 : 1);
	}
}
