// SPDX-License-Identifier: GPL-2.0-only
/*
 * A named section shared by a parent and its child the Windows way, with
 * the security descriptors Windows code builds: RtlCreateSecurityDescriptor
 * and RtlSetDaclSecurityDescriptor with a NULL DACL (everyone), an
 * owner-only DACL (RtlCreateAcl, RtlInitializeSid, RtlAddAccessAllowedAce
 * for OWNER RIGHTS), and one a mode cannot express (refused, never
 * ignored). The child opens with MAXIMUM_ALLOWED as another user (nobody)
 * when run as root. L"" names: built with -fshort-wchar.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ntsection.h>

#include "tap.h"

#define NOBODY 65534

static const WCHAR everyoneName[] = L"\\BaseNamedObjects\\win-null-dacl";
static const WCHAR ownerName[] = L"\\BaseNamedObjects\\win-owner-dacl";

/* The child: open @Name with MAXIMUM_ALLOWED; write @Text into a view of it. */
static int ChildOpen(PCWSTR Name, const char *Text, int AsNobody)
{
	UNICODE_STRING us;
	OBJECT_ATTRIBUTES oa;
	HANDLE section = NULL;
	PVOID base = NULL;
	SIZE_T viewSize = 0;
	NTSTATUS status;

	if (AsNobody && (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
			 setresuid(NOBODY, NOBODY, NOBODY)))
		return 100;
	RtlInitUnicodeString(&us, Name);
	InitializeObjectAttributes(&oa, &us, 0, NULL, NULL);
	status = NtOpenSection(&section, MAXIMUM_ALLOWED, &oa);
	if (status == STATUS_ACCESS_DENIED)
		return 2;
	if (!NT_SUCCESS(status))
		return 3;
	status = NtMapViewOfSection(section, NtCurrentProcess(), &base, 0, 0, NULL, &viewSize,
				    ViewUnmap, 0, PAGE_READWRITE);
	if (!NT_SUCCESS(status))
		return 4;
	memcpy(base, Text, strlen(Text) + 1);
	NtUnmapViewOfSection(NtCurrentProcess(), base);
	NtClose(section);
	return 0;
}

static int RunChild(PCWSTR Name, const char *Text, int AsNobody)
{
	int wstatus;
	pid_t pid = fork();

	if (pid == 0)
		_exit(ChildOpen(Name, Text, AsNobody));
	if (pid < 0 || waitpid(pid, &wstatus, 0) != pid || !WIFEXITED(wstatus))
		return -1;
	return WEXITSTATUS(wstatus);
}

static NTSTATUS CreateNamed(PCWSTR Name, PSECURITY_DESCRIPTOR Sd, PHANDLE Section,
			    PVOID *Base)
{
	UNICODE_STRING us;
	OBJECT_ATTRIBUTES oa;
	LARGE_INTEGER size;
	SIZE_T viewSize = 0;
	NTSTATUS status;

	size.QuadPart = 0x10000;
	RtlInitUnicodeString(&us, Name);
	InitializeObjectAttributes(&oa, &us, 0, NULL, Sd);
	status = NtCreateSection(Section, SECTION_ALL_ACCESS, &oa, &size, PAGE_READWRITE,
				 SEC_COMMIT, NULL);
	if (!NT_SUCCESS(status) || !Base)
		return status;
	*Base = NULL;
	return NtMapViewOfSection(*Section, NtCurrentProcess(), Base, 0, 0, NULL, &viewSize,
				  ViewUnmap, 0, PAGE_READWRITE);
}

int main(void)
{
	SID_IDENTIFIER_AUTHORITY creatorAuthority = SECURITY_CREATOR_SID_AUTHORITY;
	SID_IDENTIFIER_AUTHORITY worldAuthority = SECURITY_WORLD_SID_AUTHORITY;
	SECURITY_DESCRIPTOR sd;
	union {
		ACL acl;
		UCHAR bytes[64];
	} dacl;
	union {
		SID sid;
		UCHAR bytes[16];
	} ownerRights, world;
	HANDLE section = NULL, section2 = NULL;
	PVOID base = NULL, base2 = NULL;
	int root = geteuid() == 0;

	if (tap_start(9))
		return 0;
	tap_check(RtlCreateSecurityDescriptor(&sd, 2) == STATUS_UNKNOWN_REVISION &&
		  RtlCreateSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION) ==
		  STATUS_SUCCESS && sd.Revision == 1 && !sd.Control && !sd.Dacl,
		  "RtlCreateSecurityDescriptor");
	tap_check(RtlSetDaclSecurityDescriptor(&sd, TRUE, NULL, FALSE) == STATUS_SUCCESS &&
		  (sd.Control & SE_DACL_PRESENT) && !sd.Dacl,
		  "RtlSetDaclSecurityDescriptor: a NULL DACL");

	/* NULL DACL: everyone, so the child may write even as nobody. */
	tap_check(CreateNamed(everyoneName, &sd, &section, &base) == STATUS_SUCCESS &&
		  RunChild(everyoneName, "the child wrote", root) == 0 &&
		  !strcmp((char *)base, "the child wrote"),
		  "NULL DACL: the child opens MAXIMUM_ALLOWED and writes");

	/* Owner only: OWNER RIGHTS, GENERIC_ALL. */
	tap_check(RtlInitializeSid(&ownerRights.sid, &creatorAuthority, 1) == STATUS_SUCCESS &&
		  RtlLengthSid(&ownerRights.sid) == 12, "RtlInitializeSid");
	*RtlSubAuthoritySid(&ownerRights.sid, 0) = SECURITY_CREATOR_OWNER_RIGHTS_RID;
	tap_check(RtlCreateAcl(&dacl.acl, 4, ACL_REVISION) == STATUS_BUFFER_TOO_SMALL &&
		  RtlCreateAcl(&dacl.acl, sizeof(dacl), ACL_REVISION) == STATUS_SUCCESS &&
		  RtlAddAccessAllowedAce(&dacl.acl, ACL_REVISION, GENERIC_ALL,
					 &ownerRights.sid) == STATUS_SUCCESS &&
		  dacl.acl.AceCount == 1 && RtlCreateSecurityDescriptor(&sd, 1) == STATUS_SUCCESS &&
		  RtlSetDaclSecurityDescriptor(&sd, TRUE, &dacl.acl, FALSE) == STATUS_SUCCESS,
		  "an owner-only DACL");
	tap_check(CreateNamed(ownerName, &sd, &section2, &base2) == STATUS_SUCCESS,
		  "NtCreateSection with the owner-only DACL");
	if (root)
		tap_check(RunChild(ownerName, "nobody wrote", 1) == 2 && !*(char *)base2,
			  "owner-only DACL: nobody's MAXIMUM_ALLOWED open is ACCESS_DENIED");
	else
		tap_skip("not root: cannot open as another user");
	tap_check(RunChild(ownerName, "the owner's child wrote", 0) == 0 &&
		  !strcmp((char *)base2, "the owner's child wrote"),
		  "owner-only DACL: the owner's child opens and writes");

	/* What a mode cannot say (an ACE for a SID of NT AUTHORITY) is refused. */
	RtlInitializeSid(&world.sid, &worldAuthority, 1);
	*RtlSubAuthoritySid(&world.sid, 0) = SECURITY_WORLD_RID;
	world.sid.IdentifierAuthority.Value[5] = 5;
	*RtlSubAuthoritySid(&world.sid, 0) = 18;	/* S-1-5-18, LocalSystem */
	RtlCreateAcl(&dacl.acl, sizeof(dacl), ACL_REVISION);
	RtlAddAccessAllowedAce(&dacl.acl, ACL_REVISION, GENERIC_ALL, &world.sid);
	{
		HANDLE refused = NULL;

		tap_check(CreateNamed(L"\\BaseNamedObjects\\win-refused", &sd, &refused, NULL) ==
			  STATUS_NOT_SUPPORTED && !refused,
			  "a DACL a mode cannot express: STATUS_NOT_SUPPORTED");
	}
	NtUnmapViewOfSection(NtCurrentProcess(), base);
	NtUnmapViewOfSection(NtCurrentProcess(), base2);
	NtClose(section);
	NtClose(section2);
	return tap_end();
}
