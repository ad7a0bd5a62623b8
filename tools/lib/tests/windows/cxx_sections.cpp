// SPDX-License-Identifier: GPL-2.0-only
/*
 * C++ the way Windows C++ code uses the native API: RTL_CONSTANT_STRING,
 * a handle owned by a class, Zw spellings, L"" and u"" names (built with
 * -fshort-wchar, WCHAR is wchar_t), NtOpenSection with MAXIMUM_ALLOWED,
 * NtQuerySection, OBJ_ bits Windows refuses.
 */
#include <cstring>

#include <ntsection.h>

#include "tap.h"

static_assert(sizeof(WCHAR) == 2, "WCHAR is 16-bit");
static_assert(sizeof(OBJECT_ATTRIBUTES) == 48, "OBJECT_ATTRIBUTES as on Windows x64");

namespace {

class Section {
public:
	Section() : handle_(nullptr) {}
	~Section()
	{
		if (handle_)
			ZwClose(handle_);
	}
	Section(const Section &) = delete;
	Section &operator=(const Section &) = delete;
	PHANDLE put() { return &handle_; }
	HANDLE get() const { return handle_; }

private:
	HANDLE handle_;
};

UNICODE_STRING g_name = RTL_CONSTANT_STRING(u"\\BaseNamedObjects\\win-cxx");

} // namespace

int main()
{
	OBJECT_ATTRIBUTES oa;
	LARGE_INTEGER size;
	Section created, opened, refused;
	SECTION_BASIC_INFORMATION sbi;
	PVOID view = nullptr;
	SIZE_T viewSize = 0;
	UNICODE_STRING u16;

	if (tap_start(7))
		return 0;
	RtlInitUnicodeString(&u16, L"\\BaseNamedObjects\\win-cxx");
	tap_check(g_name.Length == u16.Length && g_name.MaximumLength == g_name.Length + 2 &&
		  !std::memcmp(g_name.Buffer, u16.Buffer, g_name.Length),
		  "RTL_CONSTANT_STRING(u\"\") is RtlInitUnicodeString(L\"\")");

	size.QuadPart = 3 * 4096;
	InitializeObjectAttributes(&oa, &g_name, OBJ_CASE_INSENSITIVE, nullptr, nullptr);
	tap_check(ZwCreateSection(created.put(), SECTION_ALL_ACCESS, &oa, &size, PAGE_READWRITE,
				  SEC_COMMIT, nullptr) == STATUS_SUCCESS, "ZwCreateSection");
	tap_check(NtOpenSection(opened.put(), MAXIMUM_ALLOWED, &oa) == STATUS_SUCCESS &&
		  ZwMapViewOfSection(opened.get(), ZwCurrentProcess(), &view, 0, 0, nullptr,
				     &viewSize, ViewShare, 0, PAGE_READWRITE) == STATUS_SUCCESS,
		  "MAXIMUM_ALLOWED: the owner's handle maps read/write");
	tap_check(NtQuerySection(opened.get(), SectionBasicInformation, &sbi, sizeof(sbi),
				 nullptr) == STATUS_SUCCESS && sbi.Size.QuadPart == 3 * 4096,
		  "MAXIMUM_ALLOWED: the handle may query");
	tap_check(view && ZwUnmapViewOfSection(ZwCurrentProcess(), view) == STATUS_SUCCESS,
		  "ZwUnmapViewOfSection");

	InitializeObjectAttributes(&oa, &g_name, OBJ_PERMANENT | OBJ_EXCLUSIVE, nullptr, nullptr);
	tap_check(NtOpenSection(refused.put(), SECTION_QUERY, &oa) == STATUS_INVALID_PARAMETER &&
		  !refused.get(), "OBJ_EXCLUSIVE open of a shared section: STATUS_INVALID_PARAMETER");
	InitializeObjectAttributes(&oa, &g_name, 0x00010000, nullptr, nullptr);
	tap_check(NtOpenSection(refused.put(), SECTION_QUERY, &oa) == STATUS_INVALID_PARAMETER,
		  "an unknown OBJ_ bit: STATUS_INVALID_PARAMETER");
	return tap_end();
}
