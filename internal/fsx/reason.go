// Package fsx is the one home of jxzp's file-system output: atomic writes, the Chinese wording
// of operating-system errors, and the output-folder probe, so that the Excel, mail, batch and
// command-line code all write files and word their failures the same way.
package fsx

import (
	"errors"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"syscall"
)

// Error is a file-system failure told in Chinese; it unwraps to the cause, so
// errors.Is(err, fs.ErrPermission) still works for callers.
type Error struct {
	msg string
	err error
}

// NewError wraps err (nil when there is no system error behind it) in a Chinese message that
// already names the path and the reason.
func NewError(msg string, err error) *Error { return &Error{msg, err} }

// Error returns the Chinese message, which already names the path and the reason.
func (e *Error) Error() string { return e.msg }

// Unwrap returns the file-system error behind the message, nil when there was none.
func (e *Error) Unwrap() error { return e.err }

// Windows error codes, compared by number so that this file builds on every system; the same
// numbers mean other things elsewhere, hence the GOOS test in windowsErrno.
const (
	winWriteProtect     syscall.Errno = 19  // ERROR_WRITE_PROTECT
	winSharingViolation syscall.Errno = 32  // ERROR_SHARING_VIOLATION: the file is open in another program
	winLockViolation    syscall.Errno = 33  // ERROR_LOCK_VIOLATION
	winHandleDiskFull   syscall.Errno = 39  // ERROR_HANDLE_DISK_FULL
	winDiskFull         syscall.Errno = 112 // ERROR_DISK_FULL
	winFilenameTooLong  syscall.Errno = 206 // ERROR_FILENAME_EXCED_RANGE
)

// windowsErrno reports whether err is, on Windows, one of the given system error codes.
func windowsErrno(err error, codes ...syscall.Errno) bool {
	var errno syscall.Errno
	return runtime.GOOS == "windows" && errors.As(err, &errno) && slices.Contains(codes, errno)
}

// WriteFailureReason says in Chinese why the output file name could not be written. A refused
// write of a file that exists is, on Windows, almost always that file open in Excel or WPS (the
// final rename over it is denied), so the reason says to close it: the output folder itself was
// checked writable before the run.
func WriteFailureReason(err error, name string) string {
	if errors.Is(err, fs.ErrPermission) || windowsErrno(err, winSharingViolation, winLockViolation) {
		return "文件正被其他程序打开或没有写入权限，请关闭已打开的 " + name + " 后重试"
	}
	return Reason(err)
}

// Reason is a short Chinese reason for a file-system error, without the operation and paths
// Go puts in it (the message around it names the path). An error it does not recognise gives
// its innermost text: on a Chinese Windows that is the system's own Chinese message.
func Reason(err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "没有权限"
	case windowsErrno(err, winSharingViolation, winLockViolation):
		return "文件正被其他程序使用"
	case errors.Is(err, fs.ErrNotExist):
		return "找不到（文件夹可能已被移走或删除）"
	case errors.Is(err, syscall.ENOTDIR):
		return "路径中有一段是文件，不是文件夹"
	case errors.Is(err, syscall.EISDIR), errors.Is(err, fs.ErrExist), errors.Is(err, syscall.ENOTEMPTY):
		// Renaming a finished output over a folder of its name: a file would simply be replaced.
		return "已有同名的文件夹，请将它移走或改名"
	case errors.Is(err, syscall.ENOSPC), windowsErrno(err, winDiskFull, winHandleDiskFull):
		return "磁盘空间不足"
	case errors.Is(err, syscall.EROFS), windowsErrno(err, winWriteProtect):
		return "磁盘是只读的"
	case errors.Is(err, syscall.ENAMETOOLONG), windowsErrno(err, winFilenameTooLong):
		return "路径或文件名过长"
	}
	for {
		var pe *fs.PathError
		var le *os.LinkError
		var se *os.SyscallError
		switch {
		case errors.As(err, &pe) && pe.Err != nil:
			err = pe.Err
		case errors.As(err, &le) && le.Err != nil:
			err = le.Err
		case errors.As(err, &se) && se.Err != nil:
			err = se.Err
		default:
			return err.Error()
		}
	}
}

// OpenReason says in Chinese why an input file could not be opened, without echoing the system's
// text (which may hold absolute paths of the bureau's machine).
func OpenReason(err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "无法打开文件：没有读取权限，或文件正被其他程序占用"
	case errors.Is(err, fs.ErrNotExist):
		return "无法打开文件：文件在审核过程中被移走或删除"
	default:
		return "无法读取文件：读取时发生系统错误，请检查文件是否完整"
	}
}
